package dev.integratedauth.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The messages one logger category writes while a test runs (the application shares the test's JVM). Close it to
 * stop capturing.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final boolean warningsOnly;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger, boolean warningsOnly) {
        this.logger = logger;
        this.warningsOnly = warningsOnly;
    }

    public static CapturedLog of(Class<?> category) {
        return capture(new CapturedLog(Logger.getLogger(category.getName()), false));
    }

    /**
     * Every WARN and ERROR line, from any category, each as {@code LEVEL [category] message}: what operators alert on.
     */
    public static CapturedLog warningsAndErrors() {
        return capture(new CapturedLog(Logger.getLogger(""), true));
    }

    private static CapturedLog capture(CapturedLog log) {
        log.logger.addHandler(log);
        return log;
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (!warningsOnly) {
            messages.add(message);
        } else if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            messages.add(record.getLevel() + " [" + record.getLoggerName() + "] " + message);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

package dev.integratedauth.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The log of failed requests, by outage rather than by request: the first failure of a kind with a given cause is one
 * WARN; the ones that follow while it lasts are INFO (each with its request id, so a caller's complaint still finds
 * its line); a failing dependency that goes on past a minute gets one WARN a minute with the count; and when none has
 * come for {@link #QUIET}, one INFO says it is over, with the count. So an outage at 2,000 requests a second raises
 * one or two WARN lines, not thousands, and the metrics still count every failure.
 */
@ApplicationScoped
public class OutageLog {

    /** No failure of a kind for this long ends its outage. */
    static final Duration QUIET = Duration.ofSeconds(10);
    /** A longer outage is summed up this often. */
    static final Duration SUMMARY = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Map<String, Outage> OUTAGES = new ConcurrentHashMap<>();

    private volatile long timer = -1;

    void start(@Observes StartupEvent event, Vertx vertx) {
        timer = vertx.setPeriodic(1_000, id -> tick(System.nanoTime(), false));
    }

    void stop(@Observes ShutdownEvent event, Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        tick(System.nanoTime(), true); // what is still open is reported, not lost
    }

    /** One failed request: {@code message} is the kind's line, {@code cause} its cause (or null). */
    static void failed(String message, Throwable cause) {
        String line = cause == null ? message : message + " (" + cause.getClass().getName() + ": " + cause.getMessage()
                + ")";
        String key = message + (cause == null ? "" : " " + cause.getClass().getName());
        long now = System.nanoTime();
        Outage outage = OUTAGES.computeIfAbsent(key, k -> new Outage(message, now));
        if (outage.count.getAndIncrement() == 0) {
            LOG.warnf("%s; while this lasts, further failures like it are logged at INFO", line);
        } else {
            LOG.infof("%s", line);
        }
        outage.last.set(now);
    }

    private static void tick(long now, boolean closing) {
        OUTAGES.forEach((key, outage) -> {
            long count = outage.count.get();
            if ((closing || now - outage.last.get() >= QUIET.toNanos()) && OUTAGES.remove(key, outage)) {
                LOG.infof("%s: no more since %s; %d in all since %s", outage.message,
                        Instant.now().minusNanos(Math.min(now - outage.last.get(), QUIET.toNanos())),
                        outage.count.get(), outage.started);
            } else if (now - outage.lastSummary >= SUMMARY.toNanos()) {
                outage.lastSummary = now;
                LOG.warnf("%s: still failing, %d since %s", outage.message, count, outage.started);
            }
        });
    }

    private static final class Outage {
        final String message;
        final Instant started = Instant.now();
        final AtomicLong count = new AtomicLong();
        final AtomicLong last;
        volatile long lastSummary;

        Outage(String message, long now) {
            this.message = message;
            this.last = new AtomicLong(now);
            this.lastSummary = now;
        }
    }
}

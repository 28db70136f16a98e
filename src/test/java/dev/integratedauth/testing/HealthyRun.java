package dev.integratedauth.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the happy-path test classes: a healthy run logs no WARN or ERROR, from any category (operators alert on
 * them). Checked over every line the run's logs got from the end of the previous test class to the end of this
 * one, so the start of an application made for this class counts too. Failure tests are not checked: each failed
 * request is logged once at WARN, by design (ProblemMappers).
 */
public class HealthyRun implements BeforeAllCallback, AfterAllCallback {

    /**
     * A JSON line's level, or a text line's: the word before the first {@code [category]} (after the time, and in
     * Quarkus's default file format after the host and {@code process[pid]}).
     */
    private static final Pattern WARN_OR_ERROR = Pattern.compile(
            "^\\{.*?\"level\":\"(WARN|ERROR)\"|^\\d[^\\[]*(?:\\[\\d+])?\\s(WARN|ERROR)\\s+\\[");

    /**
     * Lines a healthy run may log at WARN or ERROR, each with the reason it cannot be avoided. Empty: every such
     * line had a cause that is now fixed (docs/operations.md, "Logs").
     */
    static final List<Pattern> ALLOWED = List.of();

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HealthyRun.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Where the previous class's scan ended (LogHygiene runs after every class), per log file.
        context.getStore(NAMESPACE).put("from", new HashMap<>(LogHygiene.scanned()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) {
        Map<Object, Long> from = context.getStore(NAMESPACE).get("from", Map.class);
        List<String> found = new ArrayList<>();
        for (Path log : LogHygiene.runLogs()) {
            LogHygiene.Tail tail = LogHygiene.completeLinesFrom(log, from.getOrDefault(LogHygiene.fileKey(log), 0L));
            for (String line : tail.lines()) {
                if (isUnexpectedWarnOrError(line)) {
                    found.add(log + ": " + abbreviate(line));
                }
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionError("A healthy run logged WARN or ERROR:\n" + String.join("\n", found));
        }
    }

    static boolean isUnexpectedWarnOrError(String line) {
        return WARN_OR_ERROR.matcher(line).find() && ALLOWED.stream().noneMatch(p -> p.matcher(line).find());
    }

    private static String abbreviate(String line) {
        return line.length() <= 400 ? line : line.substring(0, 400) + "...";
    }
}

package dev.integratedauth.web;

/**
 * One kind of RFC 9457 problem the service answers with: the error contract of every endpoint (the README's error
 * table lists them all). Each feature names its own kinds in an enum that implements this; {@link ProblemMappers}
 * and {@link RoutedProblems} turn any of them into the same answer.
 */
public interface ProblemType {

    /** Seconds a caller should wait before trying a 503 again, unless the kind says otherwise. */
    int RETRY_AFTER_SECONDS = 5;

    int status();

    /** The end of the type URI, e.g. {@code queue-unavailable}. */
    String slug();

    String title();

    String detail();

    /** Seconds for {@code Retry-After}; 0 sends none. */
    int retryAfterSeconds();

    /** What the one WARN line about such a failure says, before its cause; null when it is not worth a line. */
    String logMessage();

    /** The problem's type URI. */
    default String type() {
        return Problem.TYPE_PREFIX + slug();
    }
}

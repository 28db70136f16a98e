package dev.integratedauth.web;

/**
 * One kind of RFC 9457 problem the service answers with: the error contract of every endpoint (docs/errors.md lists
 * them all). Each feature names its own kinds in an enum that implements this; {@link ProblemMappers} and
 * {@link RoutedProblems} turn any of them into the same answer.
 */
public interface ProblemType {

    /** Seconds a caller should wait before trying a 503 again, unless the kind says otherwise. */
    int RETRY_AFTER_SECONDS = 5;

    /**
     * What a kind of problem says.
     *
     * @param slug the end of the type URI, e.g. {@code queue-unavailable}
     * @param retryAfterSeconds seconds for {@code Retry-After}; 0 sends none
     * @param logMessage what the one WARN line about such a failure says, before its cause; null: no line
     */
    record Details(int status, String slug, String title, String detail, int retryAfterSeconds, String logMessage) {
    }

    Details details();

    default int status() {
        return details().status();
    }

    default String title() {
        return details().title();
    }

    default String detail() {
        return details().detail();
    }

    default int retryAfterSeconds() {
        return details().retryAfterSeconds();
    }

    default String logMessage() {
        return details().logMessage();
    }

    /** The problem's type URI. */
    default String type() {
        return Problem.TYPE_PREFIX + details().slug();
    }
}

package dev.integratedauth.web;

import java.util.Map;

/**
 * A request failed as {@link #type()} says. The cause is kept for the one log line about it ({@link ProblemMappers});
 * it never reaches the caller.
 */
public final class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, Throwable cause) {
        this(type, cause, Map.of());
    }

    /**
     * With headers of this answer's own, e.g. {@code WWW-Authenticate}, or a {@code Retry-After} that replaces the
     * kind's.
     */
    public ProblemException(ProblemType type, Throwable cause, Map<String, String> headers) {
        super(type.title(), cause, false, false);
        this.type = type;
        this.headers = Map.copyOf(headers);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, String> headers() {
        return headers;
    }
}

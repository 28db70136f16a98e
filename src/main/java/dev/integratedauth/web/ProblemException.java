package dev.integratedauth.web;

/**
 * A request failed as {@link #type()} says. The cause is kept for the one log line about it ({@link ProblemMappers});
 * it never reaches the caller.
 */
public final class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, Throwable cause) {
        super(type.title(), cause, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }
}

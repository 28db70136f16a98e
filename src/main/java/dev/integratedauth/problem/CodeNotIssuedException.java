package dev.integratedauth.problem;

/**
 * A code was not issued because {@link #kind()} failed. The cause is kept for the one log line about it; it never
 * reaches the caller.
 */
public final class CodeNotIssuedException extends RuntimeException {

    private final FailureKind kind;

    public CodeNotIssuedException(FailureKind kind, Throwable cause) {
        super(kind.title(), cause, false, false);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }
}

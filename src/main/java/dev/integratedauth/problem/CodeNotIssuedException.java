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

    /**
     * {@code dependency} failed with {@code cause}: a timeout anywhere in the cause chain is a {@link
     * FailureKind#DEADLINE} (504), anything else is {@code dependency}'s own failure.
     */
    public static CodeNotIssuedException of(FailureKind dependency, Throwable cause) {
        if (cause instanceof CodeNotIssuedException already) {
            return already;
        }
        return new CodeNotIssuedException(Causes.timedOut(cause) ? FailureKind.DEADLINE : dependency, cause);
    }
}

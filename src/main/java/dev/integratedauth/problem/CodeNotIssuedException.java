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
        return new CodeNotIssuedException(isTimeout(cause) ? FailureKind.DEADLINE : dependency, cause);
    }

    /**
     * Timeouts come as java.util.concurrent.TimeoutException (Reactor, the SDK) or as Vert.x's and Netty's own
     * TimeoutException types (the REST client's read timeout), which share no supertype.
     */
    static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}

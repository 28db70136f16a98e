package dev.integratedauth.issue;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import dev.integratedauth.common.Causes;
import dev.integratedauth.common.RetryLater;
import dev.integratedauth.web.ProblemException;
import dev.integratedauth.web.ProblemType;

/**
 * Why a code could not be issued, and what the caller is told (docs/errors.md). The upstream's own status, body and
 * headers are never passed on.
 */
public enum IssueFailure implements ProblemType {

    THIRD_PARTY_API(502, "third-party-api", "The RandomNumber API failed",
            "The third-party API did not return a number. No code was issued.", 0),
    KEY_VAULT(503, "key-unavailable", "The API key is not available",
            "The third-party API key could not be read from Key Vault. No code was issued; try again shortly.",
            RETRY_AFTER_SECONDS),
    QUEUE(503, "queue-unavailable", "The code could not be queued",
            "Queue Storage did not accept the code's message, so the code was not issued; try again shortly.",
            RETRY_AFTER_SECONDS),
    TABLE(503, "table-unavailable", "The code could not be recorded",
            "Table Storage did not record the code, so it was not issued; try again shortly.", RETRY_AFTER_SECONDS),
    DEADLINE(504, "deadline", "The request took too long",
            "A dependency did not answer within the request deadline. No code was issued.", 0);

    private final Details details;

    IssueFailure(int status, String slug, String title, String detail, int retryAfterSeconds) {
        this.details = new Details(status, slug, title, detail, retryAfterSeconds, "Code not issued: " + name());
    }

    /**
     * {@code failure} of this dependency as the caller's problem: a timeout anywhere in its causes is a
     * {@link #DEADLINE}; a problem decided earlier stays what it is. When the failure knows when the next attempt is
     * due (the key's next read, the credential's next token attempt), {@code Retry-After} says so.
     */
    ProblemException of(Throwable failure) {
        return of(failure, RetryLater.in(failure).orElse(null));
    }

    /** As {@link #of(Throwable)}, with {@code when} the next attempt is due (null: unknown). */
    ProblemException of(Throwable failure, RetryLater when) {
        if (failure instanceof ProblemException decided) {
            return decided;
        }
        IssueFailure kind = Causes.timedOut(failure) ? DEADLINE : this;
        return new ProblemException(kind, failure, kind.retryAfterSeconds() == 0 || when == null ? Map.of()
                : Map.of(HttpHeaders.RETRY_AFTER, Long.toString(RetryLater.seconds(when.retryIn()))));
    }

    @Override
    public Details details() {
        return details;
    }
}

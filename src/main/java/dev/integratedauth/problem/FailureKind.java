package dev.integratedauth.problem;

/**
 * Why a code could not be issued, and what the caller is told: the service's error contract (README, "Errors").
 * The upstream's own status, body and headers are never passed on.
 */
public enum FailureKind {

    THIRD_PARTY_API(502, "third-party-api", "The RandomNumber API failed",
            "The third-party API did not return a number. No code was issued.", false),
    KEY_VAULT(503, "key-unavailable", "The API key is not available",
            "The third-party API key could not be read from Key Vault. No code was issued; try again shortly.", true),
    QUEUE(503, "queue-unavailable", "The code could not be queued",
            "Queue Storage did not accept the code's message, so the code was not issued; try again shortly.", true),
    TABLE(503, "table-unavailable", "The code could not be recorded",
            "Table Storage did not record the code, so it was not issued; try again shortly.", true),
    DEADLINE(504, "deadline", "The request took too long",
            "A dependency did not answer within the request deadline. No code was issued.", false);

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;
    private final boolean retryAfter;

    FailureKind(int status, String slug, String title, String detail, boolean retryAfter) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** Problem type URI; the README lists every one. */
    public String type() {
        return Problem.TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** 503s say when to come back. */
    public boolean retryAfter() {
        return retryAfter;
    }
}

package dev.integratedauth.lifecycle;

/** Why a verification request got no answer: the verify endpoint's error contract (README, "Errors"). */
final class VerificationProblem extends RuntimeException {

    enum Kind {
        MALFORMED(400, "malformed-request", "The request is not a code to verify",
                "Send {\"code\":\"...\"} as application/json.", false),
        TOO_LARGE(413, "request-too-large", "The request is too large",
                "A verification request is a short JSON object.", false),
        TABLE(503, "codes-unavailable", "Codes cannot be checked now",
                "Table Storage, where codes are recorded, did not answer. The code was not used; try again shortly.",
                true);

        final int status;
        final String type;
        final String title;
        final String detail;
        final boolean retryAfter;

        Kind(int status, String slug, String title, String detail, boolean retryAfter) {
            this.status = status;
            this.type = "urn:integrated-auth:problem:" + slug;
            this.title = title;
            this.detail = detail;
            this.retryAfter = retryAfter;
        }
    }

    private final Kind kind;

    VerificationProblem(Kind kind, Throwable cause) {
        super(kind.title, cause, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** The same Retry-After as getcode's 503s. */
    static final String RETRY_AFTER_SECONDS = "5";
}

package dev.integratedauth.verify;

import dev.integratedauth.web.ProblemType;

/** Why a verification request got no answer, and what the caller is told (docs/errors.md). */
enum VerifyFailure implements ProblemType {

    MALFORMED(400, "malformed-request", "The request is not a code to verify",
            "Send {\"code\":\"...\"} as application/json.", 0, null),
    TOO_LARGE(413, "request-too-large", "The request is too large",
            "A verification request is a short JSON object.", 0, null),
    TABLE(503, "codes-unavailable", "Codes cannot be checked now",
            "Table Storage, where codes are recorded, did not answer. The code was not used; try again shortly.",
            RETRY_AFTER_SECONDS, "Code not verified: Table Storage failed");

    private final Details details;

    VerifyFailure(int status, String slug, String title, String detail, int retryAfterSeconds, String logMessage) {
        this.details = new Details(status, slug, title, detail, retryAfterSeconds, logMessage);
    }

    @Override
    public Details details() {
        return details;
    }
}

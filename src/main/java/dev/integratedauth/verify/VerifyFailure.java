package dev.integratedauth.verify;

import dev.integratedauth.web.ProblemType;

/** Why a verification request got no answer, and what the caller is told (the README's error table). */
enum VerifyFailure implements ProblemType {

    MALFORMED(400, "malformed-request", "The request is not a code to verify",
            "Send {\"code\":\"...\"} as application/json.", 0, null),
    TOO_LARGE(413, "request-too-large", "The request is too large",
            "A verification request is a short JSON object.", 0, null),
    TABLE(503, "codes-unavailable", "Codes cannot be checked now",
            "Table Storage, where codes are recorded, did not answer. The code was not used; try again shortly.",
            RETRY_AFTER_SECONDS, "Code not verified: Table Storage failed");

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;
    private final int retryAfterSeconds;
    private final String logMessage;

    VerifyFailure(int status, String slug, String title, String detail, int retryAfterSeconds, String logMessage) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
        this.logMessage = logMessage;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String detail() {
        return detail;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String logMessage() {
        return logMessage;
    }
}

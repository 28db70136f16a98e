package dev.integratedauth.issue;

/**
 * A code and when it was issued: the response body of {@code /api/v1/getcode} and the queue message.
 *
 * @param code three letters, the API's number, three letters, e.g. {@code AbC-123-xYz}
 * @param timestamp ISO-8601 UTC with microseconds, e.g. {@code 2026-11-26T10:26:27.123456Z}
 */
public record IssuedCode(String code, String timestamp) {

    /** The timestamp as an instant: where the code's life starts. */
    public java.time.Instant issuedAt() {
        return java.time.Instant.parse(timestamp);
    }
}

package dev.integratedauth.testing;

/** The shape of an issued code and its timestamp, as the README promises them. */
public final class CodeShape {

    /** Three letters, the API's number, three letters: {@code AbC-123-xYz}. */
    public static final String CODE = "^[A-Za-z]{3}-\\d+-[A-Za-z]{3}$";
    /** ISO-8601 UTC, always six fraction digits: {@code 2026-11-26T10:26:27.123456Z}. */
    public static final String TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$";

    private CodeShape() {
    }
}

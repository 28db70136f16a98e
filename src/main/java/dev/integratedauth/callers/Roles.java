package dev.integratedauth.callers;

/**
 * The API's app roles, as its app registration declares them and Entra puts them in a caller's {@code roles} claim: an
 * administrator grants them to a caller's identity (deploy/ grants both to the smoke test's caller).
 */
public final class Roles {

    /** {@code GET /api/v1/getcode}. */
    public static final String ISSUE = "Codes.Issue";
    /** {@code POST /api/v1/codes/verify}. */
    public static final String VERIFY = "Codes.Verify";

    private Roles() {
    }
}

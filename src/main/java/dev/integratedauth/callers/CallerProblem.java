package dev.integratedauth.callers;

import java.util.Locale;

import dev.integratedauth.web.ProblemType;

/**
 * Why a caller was refused before anything was spent on it (docs/errors.md). Nothing is logged for these: they are
 * the caller's to fix, and they are counted ({@link CallerMetrics}).
 */
public enum CallerProblem implements ProblemType {

    NO_TOKEN(401, "unauthenticated", "Authentication required",
            "Send an Entra ID access token for this API in the Authorization header (Bearer)."),
    INVALID_TOKEN(401, "invalid-token", "The access token is not accepted",
            "The token is expired, not for this API, not from its tenant, or not signed by Entra ID."),
    MISSING_ROLE(403, "missing-role", "The caller lacks the role",
            "The token is valid, but its roles do not include the one this operation needs."),
    ISSUE_BUDGET(429, "too-many-requests", "Too many requests",
            "This caller has used its budget of codes for now; try again after Retry-After seconds."),
    VERIFY_BUDGET(429, "too-many-requests", "Too many requests",
            "This caller has used its budget of verifications for now; try again after Retry-After seconds."),
    FAILED_VERIFICATIONS(429, "too-many-failed-verifications", "Too many failed verifications",
            "This caller's recent verifications failed too often; try again after Retry-After seconds."),
    AUTH_UNAVAILABLE(503, "authentication-unavailable", "Callers cannot be authenticated now",
            "Entra ID's token-signing keys could not be fetched; try again shortly.");

    private final Details details;

    CallerProblem(int status, String slug, String title, String detail) {
        this.details = new Details(status, slug, title, detail, status == 503 ? RETRY_AFTER_SECONDS : 0,
                status == 503 ? "Callers cannot be authenticated: Entra ID unreachable" : null);
    }

    @Override
    public Details details() {
        return details;
    }

    /** The metrics' {@code reason} tag: {@code NO_TOKEN} is {@code no_token}. */
    String reason() {
        return name().toLowerCase(Locale.ROOT);
    }
}

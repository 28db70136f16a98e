package dev.integratedauth.web;

/**
 * Refusals at the HTTP edge, before any resource runs: the same answer for every path under {@code /api/}. Another
 * replica, or this one a moment later, can take the request at once, hence a short {@code Retry-After}.
 */
public enum EdgeProblem implements ProblemType {

    OVERLOADED("overloaded", "Too many requests in flight",
            "This replica is serving as many requests as it may at once; try again shortly."),
    SHUTTING_DOWN("shutting-down", "The service is stopping",
            "This replica is shutting down and takes no new requests; try again.");

    private final Details details;

    EdgeProblem(String slug, String title, String detail) {
        this.details = new Details(503, slug, title, detail, 1, null);
    }

    @Override
    public Details details() {
        return details;
    }
}

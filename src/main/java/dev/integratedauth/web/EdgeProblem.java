package dev.integratedauth.web;

/** Refusals at the HTTP edge, before any resource runs: the same answer for every path under {@code /api/}. */
public enum EdgeProblem implements ProblemType {

    OVERLOADED("overloaded", "Too many requests in flight",
            "This replica is serving as many requests as it may at once; try again shortly."),
    SHUTTING_DOWN("shutting-down", "The service is stopping",
            "This replica is shutting down and takes no new requests; try again.");

    private final String slug;
    private final String title;
    private final String detail;

    EdgeProblem(String slug, String title, String detail) {
        this.slug = slug;
        this.title = title;
        this.detail = detail;
    }

    @Override
    public int status() {
        return 503;
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

    /** Another replica, or this one a moment later, can take the request at once. */
    @Override
    public int retryAfterSeconds() {
        return 1;
    }

    @Override
    public String logMessage() {
        return null;
    }
}

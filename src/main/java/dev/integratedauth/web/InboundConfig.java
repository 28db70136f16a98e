package dev.integratedauth.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one replica accepts from its callers (docs/operations.md). */
@ConfigMapping(prefix = "app.inbound")
public interface InboundConfig {

    /**
     * Requests to {@code /api/} being served at once by this replica; one more gets a 503 {@code overloaded} problem at
     * once instead of queueing behind the others. Health, metrics and the home page are not counted or refused.
     */
    @WithDefault("512")
    int maxInFlight();
}

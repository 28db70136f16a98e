package dev.integratedauth.workarounds.quarkus;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Drops Vert.x's raw network log, whatever the log levels say.
 * <p>
 * Why: the REST client's widest logging scope, {@code quarkus.rest-client.logging.scope=all}, turns on Vert.x's network
 * activity log: a hex dump of every byte written, at DEBUG in {@value #CATEGORY}, {@code x-functions-key} header
 * included, split over lines where no masking or text search reaches it. The request-response log (scope
 * {@code request-response} or {@code all}) still shows every call, with the key masked
 * ({@link KeyMaskingClientLogger}). No other part of the service uses that logger.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Quarkus 3.33.2's REST client, logging scope {@code all}; upstream: by
 * design. No canary: keep while the scope turns on Netty's wire log.
 */
@ApplicationScoped
class NoRawNetworkLog {

    static final String CATEGORY = "io.netty.handler.logging.LoggingHandler";
    /** Held, so the logger (and its filter) outlives any weak reference the log manager keeps. */
    private static final Logger RAW_NETWORK_LOG = Logger.getLogger(CATEGORY);

    void atStart(@Observes StartupEvent event) {
        RAW_NETWORK_LOG.setFilter(record -> false);
    }
}

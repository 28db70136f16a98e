package dev.integratedauth.workarounds.quarkus;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Drops quarkus-oidc's DEBUG and TRACE lines about token verification, whatever the log levels say.
 * <p>
 * Why: when a token is refused, quarkus-oidc logs jose4j's exception message at DEBUG, and jose4j puts the whole token
 * in it ({@code JsonWebSignature{...}->eyJ...}) or all its claims ({@code JWT (claims->{"oid":...})}): a caller's
 * token and identity in the log of anyone who turns DEBUG on. Its INFO and WARN lines carry no token and stay.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of quarkus-oidc 3.33.2 with jose4j 0.9.6; upstream: none filed. Canary:
 * {@code OidcDebugLogTest#jose4jStillQuotesTheTokenInItsMessages} fails once jose4j's messages no longer carry the
 * token; then check quarkus-oidc's own lines before removing this.
 */
@ApplicationScoped
class OidcDebugLog {

    /** The classes that log a refused token's exception message. */
    static final List<String> CATEGORIES = List.of("io.quarkus.oidc.runtime.OidcProvider",
            "io.quarkus.oidc.runtime.OidcIdentityProvider", "io.quarkus.oidc.runtime.OidcUtils",
            "io.quarkus.oidc.runtime.BearerAuthenticationMechanism");
    /** Held, so the loggers (and their filters) outlive any weak reference the log manager keeps. */
    private static final List<Logger> LOGGERS = CATEGORIES.stream().map(Logger::getLogger).toList();

    void atStart(@Observes StartupEvent event) {
        for (Logger logger : LOGGERS) {
            logger.setFilter(record -> record.getLevel().intValue() >= Level.INFO.intValue());
        }
    }
}

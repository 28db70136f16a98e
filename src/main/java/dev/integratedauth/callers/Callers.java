package dev.integratedauth.callers;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** Tells the caller of the current request: its token's identity, or with authentication off its client address. */
@ApplicationScoped
class Callers {

    private final boolean authenticated;
    private final int forwardedHops;
    private final CurrentVertxRequest request;

    Callers(AuthConfig auth, CallersConfig config, CurrentVertxRequest request) {
        this.authenticated = auth.enabled();
        this.forwardedHops = config.forwardedHops();
        this.request = request;
    }

    /** Only from a resource method: by then {@code @RolesAllowed} has verified the token. */
    Caller current() {
        RoutingContext context = request.getCurrent();
        if (authenticated && context.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            if (identity.getPrincipal() instanceof JsonWebToken token) {
                String id = firstOf(token.getClaim("oid"), token.getClaim("azp"), token.getSubject());
                if (id != null) {
                    return Caller.entra(id);
                }
            }
        }
        return Caller.address(clientAddress(context));
    }

    /**
     * The address {@link CallersConfig#forwardedHops()} from the end of {@code X-Forwarded-For}, which the proxy in
     * front appended; entries before it are the client's own words. Without that many entries, the connection's peer.
     */
    String clientAddress(RoutingContext context) {
        if (forwardedHops > 0) {
            List<String> entries = new ArrayList<>();
            for (String header : context.request().headers().getAll("X-Forwarded-For")) {
                for (String entry : header.split(",")) {
                    if (!entry.isBlank()) {
                        entries.add(entry.trim());
                    }
                }
            }
            if (entries.size() >= forwardedHops) {
                return entries.get(entries.size() - forwardedHops);
            }
        }
        return context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().hostAddress();
    }

    private static String firstOf(Object... values) {
        for (Object value : values) {
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }
}

package dev.integratedauth.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;

/**
 * Gives every HTTP request an id: in the MDC as {@value #MDC_KEY} (so the one log line about a failure carries it, as a
 * field of the JSON log in production) and in the {@value #HEADER} response header, so a caller can quote it.
 * <p>
 * An incoming {@value #HEADER} is reused only if it is a short safe token (Container Apps' ingress sets one); anything
 * else is replaced, so a caller cannot put arbitrary text into the logs. Quarkus keeps the MDC in the request's Vert.x
 * (duplicated) context, so it survives the Azure SDK's and Mutiny's hops (JsonLogTest checks both).
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** Letters, digits, '-', '_', '.', at most 64: a UUID, a trace id, an Envoy id. */
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void register(@Observes Router router) {
        // Before every other route: health, metrics and OpenAPI answers carry the header too.
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String id = accept(context.request().getHeader(HEADER));
            MDC.put(MDC_KEY, id);
            context.response().putHeader(HEADER, id);
            context.next();
        });
    }

    /** The incoming id if it is safe, otherwise a new one. */
    static String accept(String incoming) {
        return incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }
}

package dev.integratedauth.randomnumber;

import java.net.URI;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

/**
 * The RandomNumber function's URL as configured ({@code THIRD_PARTY_API_ENDPOINT}). The portal's "Get function URL"
 * ends in {@code ?code=<function key>}; pasted as is, the key would sit in configuration and in every request line the
 * REST client logs. The service sends the key from Key Vault in {@code x-functions-key}, so such a URL is refused at
 * start, with a message that names the variable and not the key, before anything else starts (no Azure call is made
 * with such a configuration).
 */
@ApplicationScoped
public class FunctionUrl {

    static final String KEY_PARAMETER = "code";

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, RandomNumberConfig config) {
        withoutKey(config.endpoint());
    }

    static String withoutKey(String url) {
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                String name = parameter.split("=", 2)[0];
                if (name.equalsIgnoreCase(KEY_PARAMETER)) {
                    throw new IllegalArgumentException("THIRD_PARTY_API_ENDPOINT carries a function key (the query "
                            + "parameter '" + KEY_PARAMETER + "'): remove it from the URL. The key is read from Key "
                            + "Vault (THIRD_PARTY_API_SECRET_NAME) and sent in the x-functions-key header.");
                }
            }
        }
        return url;
    }
}

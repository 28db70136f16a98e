package dev.integratedauth.workarounds.quarkus;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.Dependent;

import org.jboss.resteasy.reactive.client.logging.DefaultClientLogger;

/**
 * The REST client's request log (Quarkus's own format), with the key's header masked whatever
 * {@code quarkus.rest-client.logging.masked-headers} says: an operator who masks one more header there would otherwise
 * replace the list and unmask {@code x-functions-key}. Quarkus uses a {@code ClientLogger} bean for every REST client;
 * {@code @Dependent} gives each client its own (body limit and masks are per client).
 * <p>
 * The key is never in the URL ({@link RandomNumberApi} sends it as a header), and scope {@code all} cannot dump the raw
 * connection either ({@link NoRawNetworkLog}).
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Quarkus 3.33.2's REST client ({@code masked-headers} replaces, not
 * extends, the list); upstream: by design. No canary: {@code KeyMaskingClientLoggerTest} checks the behaviour that
 * matters.
 */
@Dependent
public class KeyMaskingClientLogger extends DefaultClientLogger {

    /** Lower case, as the logger compares them. */
    static final Set<String> ALWAYS_MASKED = Set.of("x-functions-key", "authorization");

    public KeyMaskingClientLogger() {
        setMaskedHeaders(Set.of());
    }

    private Set<String> masked = ALWAYS_MASKED;

    @Override
    public void setMaskedHeaders(Set<String> maskedHeaders) {
        Set<String> union = new HashSet<>(ALWAYS_MASKED);
        maskedHeaders.forEach(header -> union.add(header.toLowerCase(Locale.ROOT)));
        masked = Set.copyOf(union);
        super.setMaskedHeaders(masked);
    }

    /** The headers this logger masks. */
    Set<String> maskedHeaders() {
        return masked;
    }
}

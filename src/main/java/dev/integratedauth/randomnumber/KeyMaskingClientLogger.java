package dev.integratedauth.randomnumber;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.Dependent;

import org.jboss.resteasy.reactive.client.logging.DefaultClientLogger;

/**
 * The REST client's request log (Quarkus's own format), with the key's header masked whatever
 * {@code quarkus.rest-client.logging.masked-headers} says: an operator who masks one more header there would
 * otherwise replace the list and unmask {@code x-functions-key}. Quarkus uses a {@code ClientLogger} bean for every
 * REST client; {@code @Dependent} gives each client its own (body limit and masks are per client).
 * <p>
 * The key is never in the URL ({@link RandomNumberApi} sends it as a header), and scope {@code all} cannot dump the
 * raw connection either ({@link NoRawNetworkLog}).
 */
@Dependent
public class KeyMaskingClientLogger extends DefaultClientLogger {

    /** Lower case, as the logger compares them. */
    static final Set<String> ALWAYS_MASKED = Set.of("x-functions-key", "authorization");

    public KeyMaskingClientLogger() {
        setMaskedHeaders(Set.of());
    }

    @Override
    public void setMaskedHeaders(Set<String> maskedHeaders) {
        Set<String> masked = new HashSet<>(ALWAYS_MASKED);
        maskedHeaders.forEach(header -> masked.add(header.toLowerCase(java.util.Locale.ROOT)));
        super.setMaskedHeaders(Set.copyOf(masked));
    }
}

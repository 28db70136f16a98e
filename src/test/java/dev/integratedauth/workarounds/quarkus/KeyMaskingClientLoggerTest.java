package dev.integratedauth.workarounds.quarkus;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The key's header stays masked whatever {@code quarkus.rest-client.logging.masked-headers} says. */
class KeyMaskingClientLoggerTest {

    @Test
    void masksTheKeyWithNoListConfigured() {
        assertEquals(Set.of("x-functions-key", "authorization"), new KeyMaskingClientLogger().maskedHeaders());
    }

    @Test
    void masksTheKeyWhenAnOperatorListsOtherHeaders() {
        KeyMaskingClientLogger logger = new KeyMaskingClientLogger();
        logger.setMaskedHeaders(Set.of("X-Request-Signature"));
        assertEquals(Set.of("x-functions-key", "authorization", "x-request-signature"), logger.maskedHeaders());
    }
}

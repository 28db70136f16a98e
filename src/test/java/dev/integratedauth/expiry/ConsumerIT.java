package dev.integratedauth.expiry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.LocalAzureManagedIdentityResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged app (JVM jar here; the native executable with -Dnative) running the consumer in its own process,
 * authenticating with managed identity as on Container Apps: a message any producer put on the queue is recorded,
 * put back hidden, and its code verifies once.
 */
@QuarkusIntegrationTest
@WithTestResource(value = LocalAzureManagedIdentityResource.class,
        initArgs = @ResourceArg(name = LocalAzureManagedIdentityResource.CONSUMER, value = "true"))
class ConsumerIT {

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void thePackagedAppConsumesAMessageOfAnotherProducerWithItsManagedIdentity() {
        String code = "Its-" + (System.nanoTime() % 1000) + "-Own";
        Instant issued = Instant.now().truncatedTo(ChronoUnit.MICROS);
        localAzure.sendMessage("{\"code\":\"" + code + "\",\"timestamp\":\"" + issued + "\"}");

        await().atMost(Duration.ofSeconds(60)).until(() -> !localAzure.entities(code).isEmpty()
                && localAzure.peekMessages().stream().noneMatch(m -> m.contains(code)));

        Map<String, Object> entity = localAzure.entities(code).get(0);
        assertEquals(issued.plus(Duration.ofMinutes(10)), Instant.parse(entity.get("ExpiresAt").toString()),
                "ten minutes from the message's issue time");
        assertTrue(Codes.verifies(code));
        assertFalse(Codes.verifies(code));

        List<LoggedRequest> tokens = localAzure.stubs().findAll(getRequestedFor(urlPathEqualTo("/msi/token")));
        assertTrue(tokens.stream().anyMatch(r -> r.queryParameter("resource").firstValue()
                .startsWith("https://storage.azure.com")), "storage tokens from the managed-identity endpoint");
    }
}

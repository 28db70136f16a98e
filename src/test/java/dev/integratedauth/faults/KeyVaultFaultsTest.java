package dev.integratedauth.faults;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Key Vault forbids the read when the service starts, then is down, then recovers: start-up does not fail, callers
 * get 503 with Retry-After meanwhile, and the service recovers without a restart.
 */
@QuarkusTest
@TestProfile(KeyVaultFaultsTest.ForbiddenAtStart.class)
@ExtendWith(LogHygiene.class)
class KeyVaultFaultsTest {

    public static class ForbiddenAtStart extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.KEY_VAULT, "forbidden");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void forbiddenThenDownThenUp() {
        // Forbidden (403, e.g. a missing role assignment): started anyway, and says so per request.
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", "5");
        assertEquals(0, localAzure.takeAllMessages().size());
        assertEquals(0, localAzure.keyVaultSecretReads());

        // Down (503).
        localAzure.resetStubs();
        LocalAzureTestResource.failKeyVault(localAzure, 503);
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", "5");

        // Up again: the warm-up's back-off (or the next request) reads the key; no restart.
        localAzure.resetStubs();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when().get("/api/v1/getcode").then().statusCode(200));
        assertEquals(1, localAzure.takeAllMessages().size());
    }
}

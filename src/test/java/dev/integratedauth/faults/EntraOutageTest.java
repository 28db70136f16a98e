package dev.integratedauth.faults;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.CodeShape;
import dev.integratedauth.testing.IdentityFaults;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entra's token endpoint (the service principal the in-process tests authenticate as) is down when the service
 * starts, comes back, then fails again while the tokens are valid. The managed-identity flow of the same outages,
 * and the refresh ahead of expiry, are in {@code IdentityOutageIT}.
 */
@QuarkusTest
@TestProfile(EntraOutageTest.EntraDownAtStart.class)
class EntraOutageTest {

    public static class EntraDownAtStart extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.IDENTITY, "down");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void downAtStartThenBackThenDownWhileTokensAreValid() {
        // No token: the key cannot be read, so 503 key-unavailable, and nothing is queued.
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);
        Problems.getCodeFails(503, "key-unavailable");
        assertTrue(localAzure.peekMessages().isEmpty());
        assertFalse(IdentityFaults.failed(localAzure, "https://vault.azure.net").isEmpty(), "Entra was asked");

        // Back: codes flow again, no restart.
        IdentityFaults.restore(localAzure);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().when().get("/api/v1/getcode").then().statusCode(200));

        // Down again while the tokens are valid: nothing changes, and Entra is not even asked.
        int requests = IdentityFaults.requests(localAzure);
        IdentityFaults.fail(localAzure, IdentityFaults.Kind.STATUS_503);
        for (int i = 0; i < 20; i++) {
            given().when().get("/api/v1/getcode").then().statusCode(200).body("code", matchesPattern(CodeShape.CODE));
        }
        assertEquals(requests, IdentityFaults.requests(localAzure), "no token request while the tokens are valid");
        IdentityFaults.restore(localAzure);
    }
}

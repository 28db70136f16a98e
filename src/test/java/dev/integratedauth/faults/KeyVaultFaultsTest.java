package dev.integratedauth.faults;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Key Vault forbids the read when the service starts, then is down, then recovers: start-up does not fail, callers
 * get 503 with Retry-After meanwhile, and the service recovers without a restart.
 */
@QuarkusTest
@TestProfile(KeyVaultFaultsTest.ForbiddenAtStart.class)
@ExtendWith(LogHygiene.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyVaultFaultsTest {

    public static class ForbiddenAtStart extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.KEY_VAULT, "forbidden");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    /** Authenticated secret reads the vault received (each read's 401 challenge comes first, without a token). */
    private int secretReadsTried() {
        return localAzure.stubs().countRequestsMatching(getRequestedFor(urlPathMatching("/secrets/.+"))
                .withHeader("Authorization", matching("Bearer .+")).build()).getCount();
    }

    /**
     * A vault that refuses every read (an RBAC mistake, an incident) sees one read per back-off step (100 to 500 ms
     * here), not one per request: hundreds of requests, each answered at once, make a handful of reads.
     */
    @Test
    @Order(1)
    void hundredsOfRequestsAgainstAFailingVaultMakeAHandfulOfReads() {
        int before = secretReadsTried();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            // The test profile's back-off steps are at most 500 ms: the next read is due within a second.
            Problems.getCodeFails(503, "key-unavailable").header("Retry-After", "1");
        }
        long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        int reads = secretReadsTried() - before;
        System.out.printf("KeyVaultFaultsTest: %d reads in %d s for 200 requests against a failing vault%n", reads,
                seconds);
        // At most one read per 50 ms (half the first step, jittered), and far fewer once the steps grow to 500 ms.
        assertTrue(reads <= 4 * seconds + 4, reads + " reads in " + seconds + " s for 200 requests");
    }

    @Test
    @Order(2)
    void forbiddenThenDownThenUp() {
        // Forbidden (403, e.g. a missing role assignment): started anyway, and says so per request.
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);
        assertEquals(0, localAzure.takeAllMessages().size());
        assertEquals(0, localAzure.keyVaultSecretReads());

        // Down (503).
        localAzure.resetStubs();
        LocalAzureTestResource.failKeyVault(localAzure, 503);
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);

        // Up again: the warm-up's back-off (or the next request) reads the key; no restart.
        localAzure.resetStubs();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when().get("/api/v1/getcode").then().statusCode(200));
        assertEquals(1, localAzure.takeAllMessages().size());
    }
}

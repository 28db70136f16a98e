package dev.integratedauth.health;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.KeyVaultForbiddenAtStart;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.Prometheus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key's life on a fresh application whose identity may not read the secret at first: not ready, whatever it
 * tries, until Key Vault serves the key; then ready; then a rotated key is read again and counted as a refresh.
 * Steps in order, on one application.
 */
@QuarkusTest
@TestProfile(KeyVaultForbiddenAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyLifecycleTest {

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    @Order(1)
    void notReadyWhileKeyVaultForbidsTheRead() {
        notReadyForTheKey();
        // A request tries Key Vault itself, fails with the key problem, and readiness does not change.
        given().get("/api/v1/getcode").then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:integrated-auth:problem:key-unavailable"));
        notReadyForTheKey();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void readyOnceKeyVaultServesTheKey() {
        LocalAzureTestResource.allowKeyVault(localAzure);
        // Whether the key arrives through a request or a background read, the replica becomes ready.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            given().get("/api/v1/getcode");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'third-party-api-key' }.data.loaded", equalTo(true));
        });
        given().get("/api/v1/getcode").then().statusCode(200);
    }

    @Test
    @Order(3)
    void aRotatedKeyIsReadAgainAndCountedAsARefresh() {
        double before = Prometheus.valueOrZero(Prometheus.scrape(), "third_party_api_key_refreshes_total",
                Map.of("rotated", "true"));
        String rotated = "tpk-rotated-" + UUID.randomUUID();
        localAzure.rotateThirdPartyKey(rotated);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            given().get("/api/v1/getcode").then().statusCode(200);
            assertEquals(before + 1, Prometheus.valueOrZero(Prometheus.scrape(),
                    "third_party_api_key_refreshes_total", Map.of("rotated", "true")));
        });
        String scrape = Prometheus.scrape();
        assertTrue(Prometheus.valueOrZero(scrape, "key_vault_reads_total", Map.of("outcome", "failure")) >= 1,
                "the forbidden reads were counted");
        assertTrue(Prometheus.valueOrZero(scrape, "key_vault_reads_total", Map.of("outcome", "success")) >= 2,
                "the first read and the refresh");
        assertFalse(scrape.contains(LocalAzureTestResource.THIRD_PARTY_KEY), "no key in the metrics");
        assertFalse(scrape.contains(rotated), "no key in the metrics");
    }

    private static void notReadyForTheKey() {
        given().get("/q/health/ready").then().statusCode(503)
                .contentType("application/json")
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'third-party-api-key' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'third-party-api-key' }.data.loaded", equalTo(false))
                .body("checks.find { it.name == 'queue' }.status", equalTo("UP"))
                .body(not(containsString(LocalAzureTestResource.THIRD_PARTY_KEY)));
    }
}

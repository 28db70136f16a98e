package dev.integratedauth.faults;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a refresh interval set, a rotated key is picked up before any call is refused. */
@QuarkusTest
@TestProfile(PeriodicKeyRefreshTest.RefreshEverySecond.class)
@ExtendWith(LogHygiene.class)
class PeriodicKeyRefreshTest {

    public static class RefreshEverySecond extends OwnLocalAzure {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.third-party.key.refresh-interval", "1s");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void aRotatedKeyIsReadBeforeTheApiRefusesTheOldOne() {
        given().when().get("/api/v1/getcode").then().statusCode(200);
        String rotated = LogHygiene.KEYS.get(1);

        // An operator rotates the secret first; the refresh picks it up; then the API switches to it.
        localAzure.setKeyVaultSecret(rotated);
        int reads = localAzure.keyVaultSecretReads();
        await().atMost(Duration.ofSeconds(20)).until(() -> localAzure.keyVaultSecretReads() >= reads + 2);
        localAzure.setFunctionKey(rotated);
        int refused = refusedCalls();

        given().when().get("/api/v1/getcode").then().statusCode(200);

        assertEquals(refused, refusedCalls(), "no call was made with the old key");
        assertTrue(localAzure.stubs().findAll(getRequestedFor(urlPathEqualTo("/api/RandomNumber"))
                .withHeader("x-functions-key", equalTo(rotated))).size() >= 1);
    }

    private int refusedCalls() {
        return (int) localAzure.stubs().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/api/RandomNumber"))
                .filter(e -> e.getResponse().getStatus() == 401)
                .count();
    }
}

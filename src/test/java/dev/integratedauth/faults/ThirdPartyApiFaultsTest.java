package dev.integratedauth.faults;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RandomNumber API misbehaves; the caller gets the documented answer and the queue gets no orphan code. */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThirdPartyApiFaultsTest {

    private static final String API = "/api/RandomNumber";
    private static final String ROTATED_KEY = LogHygiene.KEYS.get(1);
    private static final String WRONG_KEY = LogHygiene.KEYS.get(2);

    @InjectLocalAzure
    LocalAzure localAzure;

    @BeforeEach
    void warm() {
        // The key is in memory and the queue is empty before each fault.
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.clearQueue();
    }

    @AfterEach
    void defaults() {
        localAzure.resetStubs();
    }

    @Test
    @Order(1)
    void aRotatedKeyIsReadAgainOnceAndTheCallSucceeds() {
        int reads = localAzure.keyVaultSecretReads();
        localAzure.rotateThirdPartyKey(ROTATED_KEY);

        given().when().get("/api/v1/getcode").then().statusCode(200);
        given().when().get("/api/v1/getcode").then().statusCode(200);

        assertEquals(reads + 1, localAzure.keyVaultSecretReads(), "the new key was read once");
        assertEquals(2, localAzure.takeAllMessages().size());
    }

    @Test
    @Order(2)
    void aKeyThatIsWrongInKeyVaultTooGives502AndBoundedReads() {
        int reads = localAzure.keyVaultSecretReads();
        localAzure.setFunctionKey(WRONG_KEY);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                Problems.getCodeFails(502, "third-party-api");
            }
            long intervals = java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() / 5; // min-refresh
            assertTrue(localAzure.keyVaultSecretReads() - reads <= 1 + intervals,
                    "at most one re-read per min-refresh-interval, not one per request");
            assertEquals(0, localAzure.takeAllMessages().size());
        } finally {
            localAzure.setFunctionKey(ROTATED_KEY);
        }
    }

    @Test
    void aServerErrorIsRetriedAndTheRetrySucceeds() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        int calls = apiCalls();

        given().when().get("/api/v1/getcode").then().statusCode(200);

        assertEquals(calls + 2, apiCalls(), "one failed call, one retry");
        assertEquals(1, localAzure.takeAllMessages().size());
    }

    /** A pooled connection closed under the request (eclipse-vertx/vert.x#6294 closes one after a hang-up). */
    @Test
    void aConnectionClosedBeforeTheAnswerIsRetriedAndTheRetrySucceeds() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .inScenario("closing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)).willSetStateTo("recovered"));
        int calls = apiCalls();

        given().when().get("/api/v1/getcode").then().statusCode(200);

        assertEquals(calls + 2, apiCalls(), "one call closed unanswered, one retry");
        assertEquals(1, localAzure.takeAllMessages().size());
    }

    @Test
    void anApiThatKeepsFailingGives502AfterTwoRetries() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1).willReturn(aResponse().withStatus(503)));
        int calls = apiCalls();

        Problems.getCodeFails(502, "third-party-api");

        assertEquals(calls + 3, apiCalls(), "the call and at most two retries");
        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void aHangingApiGives504WithinTheDeadline() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("{\"value\": 7}").withFixedDelay(8_000)));
        long start = System.nanoTime();

        Problems.getCodeFails(504, "deadline");

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "answered after " + millis + " ms: the read timeout, not the hang, decides");
        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "{\"value\": \"12\"}", "{\"value\": 12.5}", "{\"value\": 0}",
            "{\"value\": -3}", "{\"value\": 1001}", "{\"value\": null}", "[1]", ""})
    void garbageFromTheApiGives502(String body) {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body)));

        Problems.getCodeFails(502, "third-party-api");

        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void theUpstreamStatusIsNotPassedOn() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .willReturn(aResponse().withStatus(418).withHeader("X-Upstream", "leak").withBody("teapot body")));

        Problems.getCodeFails(502, "third-party-api")
                .header("X-Upstream", (String) null)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("teapot")));
    }

    private int apiCalls() {
        return localAzure.stubs().findAll(getRequestedFor(urlPathEqualTo(API))).size();
    }
}

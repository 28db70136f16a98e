package dev.integratedauth.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.JsonLogs;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production log format (JSON, written to a file by this profile): the one line about a failure carries its
 * kind and the request id that the caller got in {@code X-Request-Id}, across the async hops. Steps in order: Key
 * Vault forbids the read at first.
 */
@QuarkusTest
@TestProfile(JsonLogs.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    @Order(1)
    void requestsSharingOneFailedKeyVaultReadEachLogTheirOwnId() {
        // A slow 403, so that the second request joins the read the first one started.
        StubMapping slow = localAzure.stubs().stubFor(any(urlPathMatching("/secrets/.*"))
                .withHeader("Authorization", matching("Bearer .+"))
                .atPriority(LocalAzure.DEFAULT_STUB_PRIORITY - 10)
                .willReturn(aResponse().withStatus(403).withFixedDelay(1500)));
        String first = "ops-first-" + UUID.randomUUID();
        String second = "ops-second-" + UUID.randomUUID();
        try {
            CompletableFuture<Response> one = CompletableFuture.supplyAsync(() -> getCode(first));
            CompletableFuture<Response> two = CompletableFuture.supplyAsync(() -> getCode(second));
            for (var answer : List.of(one.join(), two.join())) {
                assertEquals(503, answer.statusCode());
            }
            assertEquals(first, one.join().header("X-Request-Id"));
            assertEquals(second, two.join().header("X-Request-Id"));
        } finally {
            localAzure.stubs().removeStub(slow);
        }
        // One at WARN (the outage's first), the other at INFO: each with its own id.
        for (String id : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<JsonNode> lines = failureLines(id);
                assertEquals(1, lines.size(), "the failure is logged once, with its own request id: " + id);
                assertTrue(lines.get(0).path("message").asText().contains("KEY_VAULT"), lines.get(0).toString());
            });
        }
    }

    @Test
    @Order(2)
    void theFailureLineCarriesItsKindAndTheCallersRequestIdAfterRetries() {
        LocalAzureTestResource.allowKeyVault(localAzure);
        // A warm-up read that started before the vault was allowed may still be failing: wait for the key.
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        StubMapping failing = localAzure.stubs().stubFor(any(urlPathEqualTo("/api/RandomNumber"))
                .atPriority(LocalAzure.DEFAULT_STUB_PRIORITY - 5)
                .willReturn(aResponse().withStatus(500)));
        String requestId = "ops-" + UUID.randomUUID();
        Response response;
        try {
            response = getCode(requestId);
        } finally {
            localAzure.stubs().removeStub(failing);
        }
        assertEquals(502, response.statusCode());
        assertEquals(requestId, response.header("X-Request-Id"), "a safe incoming id is reused");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> lines = failureLines(requestId);
            assertEquals(1, lines.size(), "the failure is logged once, with the request id");
            assertEquals("WARN", lines.get(0).path("level").asText());
            assertTrue(lines.get(0).path("message").asText().contains("THIRD_PARTY_API"), lines.get(0).toString());
        });
    }

    @Test
    @Order(3)
    void anUnsafeIncomingIdIsReplacedAndEveryAnswerHasOne() {
        String unsafe = "evil\" injected=1 " + "x".repeat(100);
        String id = given().header("X-Request-Id", unsafe).get("/q/health/live").header("X-Request-Id");
        assertNotEquals(unsafe, id);
        UUID.fromString(id);
        String other = given().get("/q/health/live").header("X-Request-Id");
        assertNotEquals(id, other, "a new id for each request");
    }

    @Test
    @Order(4)
    void theLogNamesTheCredentialAndItsResourcesAndHoldsNoKeyOrToken() throws IOException {
        given().get("/api/v1/getcode").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String log = Files.readString(JsonLogs.JSON_LOG);
            assertTrue(log.contains("Azure credential: DefaultAzureCredential, chain narrowed by "
                    + "AZURE_TOKEN_CREDENTIALS=EnvironmentCredential"), "the start-up line");
            assertTrue(log.contains("Attempted credential EnvironmentCredential returns a token"),
                    "azure-identity names the credential that produced a token");
            assertTrue(log.contains("Azure credential: first token for [https://vault.azure.net/.default] obtained"),
                    "the resource of the first token");
            assertTrue(log.contains("Azure credential: first token for [https://storage.azure.com/.default] obtained"),
                    "the resource of the first token");
        });
        String log = Files.readString(JsonLogs.JSON_LOG);
        assertFalse(log.contains(LocalAzureTestResource.THIRD_PARTY_KEY), "no key in the logs");
        // A JWT's header and claims (a bare "eyJ" can occur by chance inside a JWKS modulus at DEBUG).
        assertFalse(java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ").matcher(log).find(), "no JWT in the logs");
        assertFalse(log.contains("local-azure-client-secret"), "no client secret in the logs");
    }

    private static Response getCode(String requestId) {
        return given().header("X-Request-Id", requestId).get("/api/v1/getcode");
    }

    /** The service's own WARN and ERROR lines whose MDC holds this request id. */
    private static List<JsonNode> failureLines(String requestId) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(JsonLogs.JSON_LOG)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = JSON.readTree(line);
            String level = record.path("level").asText();
            if (requestId.equals(record.path("mdc").path("requestId").asText())
                    && record.path("loggerName").asText().startsWith("dev.integratedauth.")
                    && (level.equals("WARN") || level.equals("ERROR")
                            // the failures that follow the first of an outage (OutageLog)
                            || level.equals("INFO") && record.path("message").asText().startsWith("Code not issued"))) {
                found.add(record);
            }
        }
        return found;
    }
}

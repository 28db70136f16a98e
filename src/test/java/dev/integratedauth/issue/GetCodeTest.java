package dev.integratedauth.issue;

import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.http.HttpClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.testing.CodeShape;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.HealthyRun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(HealthyRun.class) // LogHygiene runs after every class anyway
class GetCodeTest {

    /** Azurite's well-known development account key (public), for an independent read-back. */
    private static final String AZURITE_ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectLocalAzure
    LocalAzure localAzure;

    /** The service's SDK HTTP client: it trusts the local certificate, as a test client must. */
    @Inject
    HttpClient azureHttpClient;

    @BeforeEach
    void emptyQueue() {
        localAzure.clearQueue();
    }

    @Test
    void issuesACodeAndQueuesExactlyThatCodeFirst() throws Exception {
        String body = given().when().get("/api/v1/getcode")
                .then().statusCode(200)
                .contentType("application/json")
                .body("code", matchesPattern(CodeShape.CODE))
                .body("timestamp", matchesPattern(CodeShape.TIMESTAMP))
                .extract().asString();
        assertFalse(body.contains(LocalAzureTestResource.THIRD_PARTY_KEY), "the key is not in the response");
        JsonNode issued = JSON.readTree(body);
        int number = Integer.parseInt(issued.get("code").asText().split("-")[1]);
        assertTrue(number >= 1 && number <= 1000, "number from the API: " + number);

        List<PeekedMessageItem> messages = queueReadBack().peekMessages(32, null, null).stream().toList();
        assertEquals(1, messages.size(), "one message per code");
        JsonNode message = JSON.readTree(messages.get(0).getBody().toString());
        assertEquals(issued, message, "the message is the code and timestamp the caller got, as JSON");
    }

    @Test
    void theApiGetsTheKeyFromKeyVaultAndAzureGetsBearerTokensForTheRightAudiences() {
        long before = apiCalls().size();
        given().when().get("/api/v1/getcode").then().statusCode(200);

        List<ServeEvent> apiCalls = apiCalls();
        assertEquals(before + 1, apiCalls.size(), "one API call per code");
        assertEquals(localAzure.keyVaultSecret(), apiCalls.get(0).getRequest().getHeader("x-functions-key"),
                "the key Key Vault holds");
        assertFalse(apiCalls.get(0).getRequest().getUrl().contains("code="), "the key is not in the URL");

        // Key Vault: every authorised read carried a token for the vault audience.
        localAzure.stubs().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/secrets/"))
                .map(e -> e.getRequest().getHeader("Authorization"))
                .filter(auth -> auth != null)
                .forEach(auth -> assertEquals("https://vault.azure.net", audience(auth)));
    }

    @Test
    void tokensWereRequestedForKeyVaultAndStorageByTheServicePrincipal() {
        // The credential holds both tokens from the first code of this stack (another test class may have run first and
        // reset the stubs' journal), so look at every token the local Entra granted.
        given().when().get("/api/v1/getcode").then().statusCode(200);
        List<String> grants = localAzure.tokenGrants();
        assertTrue(grants.contains("client_credentials https://vault.azure.net"), grants::toString);
        assertTrue(grants.contains("client_credentials https://storage.azure.com"), grants::toString);
        assertTrue(grants.stream().noneMatch(g -> g.startsWith("managed_identity")), "no managed identity: " + grants);
        assertEquals(0, localAzure.stubs().findAll(getRequestedFor(urlPathMatching("/(imds|metadata).*"))).size(),
                "no IMDS lookup");
        assertEquals(0, localAzure.stubs().findAll(getRequestedFor(urlPathEqualTo("/msi/token"))).size(),
                "the chain stopped at the service principal");
    }

    @Test
    void homePageLinksToGetCode() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType("text/html")
                .body(org.hamcrest.Matchers.containsString("href=\"./api/v1/getcode\""));
    }

    /** The RandomNumber calls in the stubs' journal, newest first. */
    private List<ServeEvent> apiCalls() {
        return localAzure.stubs().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/api/RandomNumber")).toList();
    }

    private QueueClient queueReadBack() {
        return new QueueClientBuilder()
                .endpoint(localAzure.endpoints().queueUrl())
                .credential(new StorageSharedKeyCredential(LocalAzureEndpoints.ACCOUNT,
                        AZURITE_ACCOUNT_KEY))
                .httpClient(azureHttpClient)
                .buildClient();
    }

    private static String audience(String authorization) {
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).get("aud").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.integratedauth.issue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.HealthyRun;
import dev.integratedauth.testing.CodeShape;
import dev.integratedauth.testing.LocalAzureManagedIdentityResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged app (JVM jar here; the native executable with {@code ./mvnw verify -Dnative}) on the local Azure,
 * authenticating as on Container Apps: managed identity through {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}
 * in its real process environment. A code is issued, queued, recorded and verified once; the run logs no WARN or
 * ERROR.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalAzureManagedIdentityResource.class)
@ExtendWith(HealthyRun.class)
class GetCodeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void issuesACodeWithTheManagedIdentityAndQueuesIt() throws Exception {
        localAzure.clearQueue();

        String body = given().when().get("/api/v1/getcode")
                .then().statusCode(200)
                .contentType("application/json")
                .body("code", matchesPattern(CodeShape.CODE))
                .body("timestamp", matchesPattern(CodeShape.TIMESTAMP))
                .extract().asString();

        List<String> messages = localAzure.peekMessages();
        assertEquals(1, messages.size(), "one message per code: " + messages);
        assertEquals(JSON.readTree(body), JSON.readTree(messages.get(0)),
                "the message is the code and timestamp the caller got");

        List<LoggedRequest> managedIdentity = localAzure.stubs()
                .findAll(getRequestedFor(urlPathEqualTo("/msi/token")));
        assertFalse(managedIdentity.isEmpty(), "tokens came from the managed-identity endpoint");
        assertTrue(managedIdentity.stream().allMatch(r -> LocalAzureEndpoints.MANAGED_IDENTITY_HEADER
                .equals(r.getHeader("X-IDENTITY-HEADER"))), "with the IDENTITY_HEADER secret");
        List<String> resources = managedIdentity.stream().map(r -> r.queryParameter("resource").firstValue())
                .toList();
        assertTrue(resources.stream().anyMatch(r -> r.startsWith("https://vault.azure.net")), resources::toString);
        assertTrue(resources.stream().anyMatch(r -> r.startsWith("https://storage.azure.com")), resources::toString);

        assertEquals(0, localAzure.stubs().findAll(postRequestedFor(urlPathMatching("/[^/]+/oauth2/v2\\.0/token")))
                .size(), "no service-principal token request");
        assertEquals(0, localAzure.stubs().findAll(anyRequestedFor(urlPathMatching("/(imds|metadata).*"))).size(),
                "no IMDS lookup");
    }

    @Test
    void theCodeIsRecordedInTheTableAndVerifiesExactlyOnce() {
        String code = Codes.issue();

        assertEquals(1, localAzure.entities(code).size(), "its entity is in the table before the caller gets it");
        Codes.verify(code).statusCode(200).contentType("application/json")
                .body("code", equalTo(code)).body("valid", equalTo(true));
        Codes.verify(code).statusCode(200).body("valid", equalTo(false)).body("$", not(hasKey("code")));
        assertNotNull(localAzure.entities(code).get(0).get("UsedAt"), "used up");
    }
}

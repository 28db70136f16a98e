package dev.integratedauth.callers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.identity.ClientSecretCredentialBuilder;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.Prometheus;
import dev.integratedauth.testing.TestCaller;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Callers authenticate with Entra ID access tokens, checked by quarkus-oidc against the local Entra's OpenID
 * configuration and keys: a token for the API with the operation's role is served; anything else is refused with a
 * problem and a {@code WWW-Authenticate} challenge, before the API is called or anything is queued.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
class CallerAuthenticationTest {

    private static final String GETCODE = "/api/v1/getcode";

    @InjectLocalAzure
    LocalAzure localAzure;

    /** The service's own SDK HTTP client, which trusts the local Azure's certificate: a caller app's stand-in. */
    @Inject
    HttpClient azureHttpClient;

    private int apiCallsBefore;

    @BeforeEach
    void emptyQueue() {
        Codes.issue(); // the key is in memory: refusals below are the only thing that could reach the API
        localAzure.clearQueue();
        apiCallsBefore = localAzure.randomNumberCalls();
    }

    @Test
    void aCallerAppWithClientCredentialsGetsATokenFromEntraAndACode() {
        // What a caller's own code does (DefaultAzureCredential resolves to this with a service principal).
        String token = new ClientSecretCredentialBuilder()
                .authorityHost(localAzure.endpoints().authorityHost())
                .tenantId(LocalAzureEndpoints.TENANT_ID)
                .clientId(LocalAzureEndpoints.CALLER_CLIENT_ID)
                .clientSecret(LocalAzureEndpoints.CALLER_CLIENT_SECRET)
                .disableInstanceDiscovery()
                .httpClient(azureHttpClient)
                // The suite turns the SDK's body logging on for the service; this caller is not the service.
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
                .build()
                .getTokenSync(new TokenRequestContext().addScopes(LocalAzureEndpoints.API_APP_ID_URI + "/.default"))
                .getToken();

        String code = given().header("Authorization", "Bearer " + token).get(GETCODE).then().statusCode(200)
                .extract().path("code");
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"code\":\"" + code + "\"}").post(Codes.VERIFY).then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void noTokenGets401WithTheBearerChallenge() {
        refused(TestCaller.anonymous().get(GETCODE).then(), 401, "unauthenticated")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"integrated-auth\""));
        refused(TestCaller.anonymous().contentType("application/json").body("{\"code\":\"abc-1-XYZ\"}")
                .post(Codes.VERIFY).then(), 401, "unauthenticated");
        nothingSpent();
    }

    @Test
    void expiredWrongAudienceIssuerOrTenantBadSignatureAndAlgNoneGet401() {
        Map<String, String> tokens = Map.of(
                "expired", localAzure.callerToken().validFor(Duration.ofMinutes(-10)).mint(),
                "for another API", localAzure.callerToken().audience("api://some-other-api").mint(),
                "from another issuer", localAzure.callerToken().issuer("https://login.example.com/v2.0").mint(),
                "of another tenant", localAzure.callerToken().tenant("11111111-2222-4333-8444-555555555555").mint(),
                "issued by another tenant", localAzure.callerToken()
                        .issuer("https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/v2.0")
                        .tenant("11111111-2222-4333-8444-555555555555").mint(),
                "signed by a stranger", localAzure.callerToken().signedByStranger().mint(),
                "unsigned (alg none)", localAzure.callerToken().unsigned().mint(),
                "not a JWT", "not-a-token");
        double before = refusedCount("invalid_token");
        tokens.forEach((what, token) -> refused(given().header("Authorization", "Bearer " + token).get(GETCODE)
                .then(), 401, "invalid-token")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"integrated-auth\", error=\"invalid_token\"")));
        assertEquals(before + tokens.size(), refusedCount("invalid_token"), "each refusal is counted");
        nothingSpent();
    }

    @Test
    void aTokenWithoutTheOperationsRoleGets403() {
        String verifyOnly = localAzure.callerToken().roles(Roles.VERIFY).mint();
        String issueOnly = localAzure.callerToken().roles(Roles.ISSUE).mint();
        String none = localAzure.callerToken().roles().mint();

        for (String token : List.of(verifyOnly, none)) {
            refused(given().header("Authorization", "Bearer " + token).get(GETCODE).then(), 403, "missing-role")
                    .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""));
        }
        refused(given().header("Authorization", "Bearer " + issueOnly).contentType("application/json")
                .body("{\"code\":\"abc-1-XYZ\"}").post(Codes.VERIFY).then(), 403, "missing-role");
        given().header("Authorization", "Bearer " + issueOnly).get(GETCODE).then().statusCode(200);
        localAzure.clearQueue();
        apiCallsBefore = localAzure.randomNumberCalls();
        nothingSpent();
    }

    /** Nothing refused reached the API or the queue. */
    private void nothingSpent() {
        assertEquals(apiCallsBefore, localAzure.randomNumberCalls(), "no API call for a refused caller");
        assertEquals(List.of(), localAzure.peekMessages(), "no message for a refused caller");
    }

    private static ValidatableResponse refused(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("urn:integrated-auth:problem:" + type))
                .body(not(containsString("eyJ")))
                .body(not(containsString(LocalAzureEndpoints.CALLER_OBJECT_ID)));
    }

    private static double refusedCount(String reason) {
        return Prometheus.value(Prometheus.scrape(), "callers_refused_total", Map.of("reason", reason)).orElse(0);
    }
}

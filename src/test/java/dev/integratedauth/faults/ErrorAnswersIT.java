package dev.integratedauth.faults;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.LocalAzureManagedIdentityResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource.InjectQueueProxy;
import dev.integratedauth.testing.QueueFaultProxy;
import dev.integratedauth.testing.TestCaller;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The error contract of the packaged app (the JVM jar, and the native executable with -Dnative, where every answer
 * below was once Quarkus's generic 500): each failing dependency and each bad request gets its RFC 9457 problem, with
 * its status and {@code Retry-After}, and no code is queued for it.
 */
@QuarkusIntegrationTest
@WithTestResource(value = LocalAzureManagedIdentityResource.class,
        initArgs = @ResourceArg(name = LocalAzureManagedIdentityResource.QUEUE_PROXY, value = "true"))
class ErrorAnswersIT {

    private static final String API = "/api/RandomNumber";

    @InjectLocalAzure
    LocalAzure localAzure;

    @InjectQueueProxy
    QueueFaultProxy queueProxy;

    @BeforeEach
    void healthy() {
        // The key is in memory and the queue is empty before each fault.
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.clearQueue();
    }

    @AfterEach
    void restore() {
        queueProxy.setMode(QueueFaultProxy.Mode.PASS);
        localAzure.resetStubs();
        localAzure.startTables();
    }

    @Test
    void callersWithoutATokenOrWithoutTheRoleGetProblemsWithAChallenge() {
        TestCaller.anonymous().get("/api/v1/getcode").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"integrated-auth\""))
                .body("type", equalTo("urn:integrated-auth:problem:unauthenticated"));
        String noRoles = "Bearer " + localAzure.callerToken().roles().mint();
        given().header("Authorization", noRoles).get("/api/v1/getcode").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:integrated-auth:problem:missing-role"));
        given().header("Authorization", noRoles + "x").get("/api/v1/getcode").then().statusCode(401)
                .body("type", equalTo("urn:integrated-auth:problem:invalid-token"));
        assertEquals(List.of(), localAzure.takeAllMessages(), "nothing queued for a refused caller");
    }

    @Test
    void anUnknownRouteAndAWrongMethodGetProblems() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found"));
        given().post("/api/v1/getcode").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405)).body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void badVerificationRequestsGetProblems() {
        for (String body : List.of("not json", "{}", "{\"code\":1}")) {
            given().contentType("application/json").body(body).post(Codes.VERIFY).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:integrated-auth:problem:malformed-request"));
        }
        given().contentType("application/json").body("{\"code\":\"" + "x".repeat(2000) + "\"}").post(Codes.VERIFY)
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:integrated-auth:problem:request-too-large"));
        given().contentType("text/plain").body("{\"code\":\"Abc-1-Xyz\"}").post(Codes.VERIFY)
                .then().statusCode(415).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 500})
    void anApiThatFailsGives502(int status) {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1).willReturn(aResponse().withStatus(status)));

        Problems.getCodeFails(502, "third-party-api");

        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void garbageAndAHugeBodyFromTheApiGive502() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("not json")));
        Problems.getCodeFails(502, "third-party-api");

        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(new byte[1024 * 1024])));
        Problems.getCodeFails(502, "third-party-api");

        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void aHangingApiGives504() {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("{\"value\": 7}").withFixedDelay(15_000)));

        Problems.getCodeFails(504, "deadline");

        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"FORBIDDEN", "SERVER_ERROR"})
    void aFailingQueueGives503WithRetryAfter(String mode) {
        queueProxy.setMode(QueueFaultProxy.Mode.valueOf(mode));

        Problems.getCodeFails(503, "queue-unavailable").header("Retry-After", "5");

        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void aHangingQueueGives504() {
        queueProxy.setMode(QueueFaultProxy.Mode.HANG);

        Problems.getCodeFails(504, "deadline");

        queueProxy.setMode(QueueFaultProxy.Mode.PASS);
        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void tablesDownGive503ForGetcodeAndVerify() {
        localAzure.stopTables();

        Problems.getCodeFails(503, "table-unavailable").header("Retry-After", "5");
        Codes.verify("Abc-123-Xyz").statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:integrated-auth:problem:codes-unavailable"));
    }
}

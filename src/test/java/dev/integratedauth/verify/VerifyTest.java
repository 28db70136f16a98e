package dev.integratedauth.verify;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.Prometheus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * POST /api/v1/codes/verify, with the consumer off: a code is verifiable as soon as getcode has returned it (the
 * issuing path records it), valid once, and every other answer is the same {"valid":false}.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
class VerifyTest {

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void aCodeIsValidOnceRightAfterGetcodeAndNotAgain() {
        String code = Codes.issue();

        Codes.verify(code).statusCode(200).contentType("application/json")
                .body("code", equalTo(code)).body("valid", equalTo(true));
        Codes.verify(code).statusCode(200).body("valid", equalTo(false)).body("$", not(hasKey("code")));
        Map<String, Object> entity = localAzure.entities(code).get(0);
        assertNotNull(entity.get("UsedAt"), "the used code keeps its entity until it expires: " + entity);
    }

    @Test
    void fiftyConcurrentVerificationsOfOneCodeHaveExactlyOneWinner() {
        String code = Codes.issue();

        List<String> answers = Codes.verifyConcurrently(code, 50);

        assertEquals(1, answers.stream().filter(a -> a.contains("\"valid\":true")).count(), answers::toString);
        assertEquals(49, answers.stream().filter(a -> a.equals("{\"valid\":false}")).count(), answers::toString);
    }

    @Test
    void unknownUsedAndNonsenseCodesGetTheSameAnswer() {
        String used = Codes.issue();
        Codes.verifies(used);
        String unknown = "Abc-1-Xyz";
        for (String code : List.of(used, unknown, "no such code", "", "'; DROP TABLE codes;--", "Ab/-1-x?z")) {
            String body = Codes.verify(code).statusCode(200).contentType("application/json").extract().asString();
            assertEquals("{\"valid\":false}", body, "for " + code);
        }
        assertEquals(List.of(), localAzure.entities(unknown));
    }

    @Test
    void theEntityHoldsTheIssueTimeAndTheExpiryTenMinutesLater() {
        String body = given().get("/api/v1/getcode").then().statusCode(200).extract().asString();
        String code = io.restassured.path.json.JsonPath.from(body).getString("code");
        java.time.Instant issued = java.time.Instant.parse(io.restassured.path.json.JsonPath.from(body)
                .getString("timestamp"));

        Map<String, Object> entity = localAzure.entities(code).get(0);
        assertEquals(issued, java.time.Instant.parse(entity.get("IssuedAt").toString()));
        assertEquals(issued.plus(java.time.Duration.ofMinutes(10)),
                java.time.Instant.parse(entity.get("ExpiresAt").toString()));
        assertNull(entity.get("UsedAt"));
    }

    @Test
    void malformedRequestsGet400Problems() {
        for (String body : List.of("not json", "[]", "{}", "{\"code\":1}", "{\"code\":null}", "{\"code\":[\"x\"]}")) {
            given().contentType("application/json").body(body).post(Codes.VERIFY).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:integrated-auth:problem:malformed-request"))
                    .body("status", equalTo(400));
        }
    }

    @Test
    void anOversizedBodyGets413() {
        given().contentType("application/json").body("{\"code\":\"" + "x".repeat(2000) + "\"}").post(Codes.VERIFY)
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:integrated-auth:problem:request-too-large"));
    }

    @Test
    void anotherMediaTypeGets415() {
        given().contentType("text/plain").body("{\"code\":\"Abc-1-Xyz\"}").post(Codes.VERIFY)
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType("application/x-www-form-urlencoded").formParam("code", "Abc-1-Xyz").post(Codes.VERIFY)
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void verificationsAreCountedByResult() {
        String before = Prometheus.scrape();
        String code = Codes.issue();
        Codes.verifies(code);
        Codes.verifies(code);
        String after = Prometheus.scrape();
        for (String result : List.of("valid", "invalid")) {
            assertEquals(Prometheus.valueOrZero(before, "codes_verified_total", Map.of("result", result)) + 1,
                    Prometheus.valueOrZero(after, "codes_verified_total", Map.of("result", result)), result);
        }
        assertNotNull(Prometheus.value(after, "codes_verified_total", Map.of("result", "unavailable")).isPresent()
                ? "present" : null, "every result exists from the start");
    }
}

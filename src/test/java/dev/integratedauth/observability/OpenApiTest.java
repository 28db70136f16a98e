package dev.integratedauth.observability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.testing.HealthyRun;
import dev.integratedauth.testing.LocalAzureTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /q/openapi} documents GET /api/v1/getcode with its code and every problem it can answer. */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(HealthyRun.class)
class OpenApiTest {

    private static final String GET = "paths.'/api/v1/getcode'.get";
    private static final String PROBLEM = "'application/problem+json'";

    @Test
    void documentsTheCodeAndItsProblemResponses() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();

        assertEquals("integrated-auth", doc.getString("info.title"));
        assertEquals("getCode", doc.getString(GET + ".operationId"));
        assertNotNull(doc.get(GET + ".responses.'200'.content.'application/json'.schema"), "the code's schema");
        assertNotNull(doc.get(GET + ".responses.'200'.headers.'X-Request-Id'"));

        problem(doc, "502", "THIRD_PARTY_API", "urn:integrated-auth:problem:third-party-api");
        problem(doc, "503", "KEY_VAULT", "urn:integrated-auth:problem:key-unavailable");
        problem(doc, "503", "QUEUE", "urn:integrated-auth:problem:queue-unavailable");
        problem(doc, "503", "TABLE", "urn:integrated-auth:problem:table-unavailable");
        problem(doc, "504", "DEADLINE", "urn:integrated-auth:problem:deadline");
        assertNotNull(doc.get(GET + ".responses.'503'.headers.'Retry-After'"), "503 says when to come back");

        assertEquals("#/components/schemas/Problem",
                doc.getString(GET + ".responses.'502'.content." + PROBLEM + ".schema.'$ref'"));
        assertTrue(doc.getList("components.schemas.Problem.required").containsAll(
                java.util.List.of("type", "title", "status")));
    }

    @Test
    void documentsVerificationWithItsBodyAnswerAndProblems() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        String post = "paths.'/api/v1/codes/verify'.post";

        assertEquals("verifyCode", doc.getString(post + ".operationId"));
        assertNotNull(doc.get(post + ".requestBody.content.'application/json'.schema"), "the request's schema");
        assertNotNull(doc.get(post + ".responses.'200'.content.'application/json'.schema"), "the answer's schema");
        for (String status : java.util.List.of("400", "413", "415", "503")) {
            assertNotNull(doc.get(post + ".responses.'" + status + "'.content." + PROBLEM), status + " is a problem");
        }
        assertNotNull(doc.get(post + ".responses.'503'.headers.'Retry-After'"), "503 says when to come back");
    }

    @Test
    void documentsWhoMayCallEachOperation() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();

        assertEquals("bearer", doc.getString("components.securitySchemes.entraId.scheme"));
        assertEquals(java.util.List.of(java.util.Map.of("entraId", java.util.List.of("Codes.Issue"))),
                doc.getList(GET + ".security"), "one scheme, one role");
        String post = "paths.'/api/v1/codes/verify'.post";
        assertEquals(java.util.List.of(java.util.Map.of("entraId", java.util.List.of("Codes.Verify"))),
                doc.getList(post + ".security"));
        for (String operation : java.util.List.of(GET, post)) {
            for (String status : java.util.List.of("401", "403", "429")) {
                assertNotNull(doc.get(operation + ".responses.'" + status + "'.content." + PROBLEM),
                        operation + ": " + status + " is a problem");
            }
            assertNotNull(doc.get(operation + ".responses.'401'.headers.'WWW-Authenticate'"));
            assertNotNull(doc.get(operation + ".responses.'429'.headers.'Retry-After'"));
        }
        assertEquals("urn:integrated-auth:problem:missing-role",
                doc.getString(GET + ".responses.'403'.content." + PROBLEM + ".examples.MISSING_ROLE.value.type"));
        assertNotNull(doc.get(GET + ".responses.'503'.content." + PROBLEM + ".examples.QUEUE"),
                "the operation's own 503 stays");
    }

    private static void problem(JsonPath doc, String status, String example, String type) {
        String media = GET + ".responses.'" + status + "'.content." + PROBLEM;
        assertNotNull(doc.get(media), status + " is application/problem+json");
        String value = media + ".examples." + example + ".value";
        assertEquals(type, doc.getString(value + ".type"));
        assertEquals(Integer.parseInt(status), doc.getInt(value + ".status"));
        assertEquals("/api/v1/getcode", doc.getString(value + ".instance"));
        assertNotNull(doc.getString(value + ".title"));
        assertNotNull(doc.get(GET + ".responses.'" + status + "'.headers.'X-Request-Id'"));
    }
}

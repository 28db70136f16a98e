package dev.integratedauth.faults;

import io.restassured.response.ValidatableResponse;

import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LogHygiene;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

/** The error contract, as one assertion: an RFC 9457 problem with this status and type, and nothing more. */
public final class Problems {

    private Problems() {
    }

    /**
     * The {@code Retry-After} of a key-unavailable problem: the seconds until the next Key Vault read or token
     * attempt is due (1 to 30, the warm-up's longest step), never a fixed guess.
     */
    public static final org.hamcrest.Matcher<String> UNTIL_NEXT_READ = org.hamcrest.Matchers.matchesPattern(
            "[1-9]|[12][0-9]|30");

    public static ValidatableResponse getCodeFails(int status, String type) {
        ValidatableResponse response = given().when().get("/api/v1/getcode").then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("urn:integrated-auth:problem:" + type))
                .body("title", not(nullValue()))
                .body("instance", equalTo("/api/v1/getcode"))
                .body("code", nullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("at dev.")));
        for (String key : LogHygiene.KEYS) {
            response.body(not(containsString(key)));
        }
        return response;
    }

    static String key() {
        return LocalAzureTestResource.THIRD_PARTY_KEY;
    }
}

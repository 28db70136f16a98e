package dev.integratedauth.callers;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import dev.integratedauth.testing.TestCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.equalTo;

/**
 * {@code AUTH_ENABLED=false}, the public demo: anyone is served without a token, and budgets go by client address,
 * the one Container Apps' ingress appended to {@code X-Forwarded-For} (whatever a client wrote before it).
 */
@QuarkusTest
@TestProfile(AuthenticationOffTest.Public.class)
@ExtendWith(LogHygiene.class)
class AuthenticationOffTest {

    public static class Public extends OwnLocalAzure {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.auth.enabled", "false",
                    "app.callers.issue.requests", "2", "app.callers.issue.period", "1h");
        }
    }

    @Test
    void anyoneGetsAndVerifiesACodeWithoutAToken() {
        String code = getcode("203.0.113.1").statusCode(200).extract().path("code");
        TestCaller.anonymous().contentType("application/json").body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/codes/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void budgetsGoByTheAddressTheIngressAppendedNotByWhatTheClientWrote() {
        getcode("198.51.100.7, 203.0.113.2").statusCode(200);
        getcode("192.0.2.99, 203.0.113.2").statusCode(200);
        getcode("10.9.8.7, 203.0.113.2").statusCode(429)
                .body("type", equalTo("urn:integrated-auth:problem:too-many-requests"));
        getcode("198.51.100.7, 203.0.113.3").statusCode(200); // another client
    }

    @Test
    void aTokenIsNotNeededAndNotLookedAt() {
        TestCaller.anonymous().header("Authorization", "Bearer not-a-token")
                .header("X-Forwarded-For", "203.0.113.4").get("/api/v1/getcode").then().statusCode(200);
    }

    private static ValidatableResponse getcode(String forwardedFor) {
        return TestCaller.anonymous().header("X-Forwarded-For", forwardedFor).get("/api/v1/getcode").then();
    }
}

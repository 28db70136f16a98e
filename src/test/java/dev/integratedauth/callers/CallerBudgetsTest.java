package dev.integratedauth.callers;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import dev.integratedauth.testing.Prometheus;
import dev.integratedauth.testing.TestCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each caller has its own budgets: beyond one it gets a 429 problem with {@code Retry-After}, before anything is spent,
 * while other callers are served; failed verifications have a far smaller budget of their own, and once it is spent
 * the caller cannot verify at all. Budgets here are tiny and refill over an hour, so nothing refills mid-test; each
 * test calls as callers of its own.
 */
@QuarkusTest
@TestProfile(CallerBudgetsTest.TinyBudgets.class)
@ExtendWith(LogHygiene.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallerBudgetsTest {

    public static class TinyBudgets extends OwnLocalAzure {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "app.callers.issue.requests", "3", "app.callers.issue.period", "1h",
                    "app.callers.verify.requests", "6", "app.callers.verify.period", "1h",
                    "app.callers.failed-verifications.requests", "2",
                    "app.callers.failed-verifications.period", "1h",
                    "app.callers.max-tracked", "20");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void aCallerOverItsBudgetOfCodesGets429WithRetryAfterWhileAnotherIsServed() {
        String greedy = tokenOf("a1");
        Codes.issue(); // the key is in memory
        localAzure.clearQueue();
        int apiCalls = localAzure.randomNumberCalls();
        double refusedBefore = refused("issue_budget");

        for (int i = 0; i < 3; i++) {
            issue(greedy).statusCode(200);
        }
        ValidatableResponse refused = tooMany(issue(greedy), "too-many-requests");

        int retryAfter = Integer.parseInt(refused.extract().header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 3600, "seconds until one code's budget is back: " + retryAfter);
        issue(tokenOf("b1")).statusCode(200);
        assertEquals(4, localAzure.randomNumberCalls() - apiCalls, "no API call for the refused request");
        assertEquals(4, localAzure.takeAllMessages().size(), "a message for each code, none for the refusal");
        assertEquals(refusedBefore + 1, refused("issue_budget"));
    }

    @Test
    void failedVerificationsHaveATighterBudgetAndOnceSpentNoVerificationGoesThrough() {
        String guesser = tokenOf("c1");
        String code = issue(guesser).statusCode(200).extract().path("code");

        verify(guesser, "aaa-1-AAA").statusCode(200).body("valid", equalTo(false));
        verify(guesser, "bbb-2-BBB").statusCode(200).body("valid", equalTo(false));
        tooMany(verify(guesser, code), "too-many-failed-verifications");

        verify(tokenOf("c2"), code).statusCode(200).body("valid", equalTo(true)); // the refusal did not use it up
    }

    @Test
    void validVerificationsSpendNoFailures() {
        String caller = tokenOf("e1");
        for (int i = 0; i < 3; i++) {
            String code = issue(caller).statusCode(200).extract().path("code");
            verify(caller, code).statusCode(200).body("valid", equalTo(true));
        }
        verify(caller, "ccc-3-CCC").statusCode(200).body("valid", equalTo(false));
        verify(caller, "ddd-4-DDD").statusCode(200).body("valid", equalTo(false));
        tooMany(verify(caller, "eee-5-EEE"), "too-many-failed-verifications");
    }

    @Test
    void everyVerificationCountsAgainstTheVerifyBudget() {
        String caller = tokenOf("f1");
        String other = tokenOf("f2");
        for (int i = 0; i < 6; i++) { // issued by three callers, as each may issue three
            String code = issue(tokenOf("f" + (3 + i / 3))).statusCode(200).extract().path("code");
            verify(caller, code).statusCode(200).body("valid", equalTo(true));
        }
        String seventh = issue(tokenOf("f5")).statusCode(200).extract().path("code");
        tooMany(verify(caller, seventh), "too-many-requests");
        verify(other, seventh).statusCode(200).body("valid", equalTo(true));
    }

    /** Last: beyond max-tracked, Caffeine may drop any caller's budgets, those of the other tests' callers too. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theBudgetsOfAtMostMaxTrackedCallersAreHeld() {
        for (int i = 0; i < 60; i++) {
            verify(tokenOf("d" + Integer.toHexString(i)), "fff-6-FFF").statusCode(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Prometheus.value(Prometheus.scrape(), "callers_tracked",
                Map.of()).orElse(-1) <= 20);
    }

    private String tokenOf(String hexName) {
        return "Bearer " + localAzure.callerToken().caller(TestCaller.objectId(hexName)).mint();
    }

    private static ValidatableResponse issue(String authorization) {
        return given().header("Authorization", authorization).get("/api/v1/getcode").then();
    }

    private static ValidatableResponse verify(String authorization, String code) {
        return given().header("Authorization", authorization).contentType("application/json")
                .body("{\"code\":\"" + code + "\"}").post(Codes.VERIFY).then();
    }

    private static ValidatableResponse tooMany(ValidatableResponse response, String type) {
        return response.statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:integrated-auth:problem:" + type))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"));
    }

    private static double refused(String reason) {
        return Prometheus.value(Prometheus.scrape(), "callers_refused_total", Map.of("reason", reason)).orElse(0);
    }
}

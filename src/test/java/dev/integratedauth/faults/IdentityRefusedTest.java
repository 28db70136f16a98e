package dev.integratedauth.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectIdentityGate;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.OwnLocalAzure;
import dev.integratedauth.testing.TcpGate;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token endpoint (Entra, reached through a {@link TcpGate}) refuses connections at start, as an identity sidecar
 * that comes up after the app does; later it refuses while the tokens expire, and then hangs. While no token can be
 * had, callers get their 503 problem at once, not after {@code app.third-party.key.max-wait} or a send timeout; once
 * the endpoint answers again, codes flow within 2 s, without a restart. Tokens live {@value #LIFETIME_SECONDS} s here,
 * so they expire during an outage. The failures are logged as the outage's WARN lines, not as an ERROR per request.
 */
@QuarkusTest
@TestProfile(IdentityRefusedTest.RefusedAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityRefusedTest {

    static final int LIFETIME_SECONDS = 20;
    /** What a caller may wait for its 503 while no token can be had. */
    private static final Duration FAST = Duration.ofSeconds(1);
    /** From the endpoint's return to the first code. */
    private static final Duration RECOVERY = Duration.ofSeconds(2);

    public static class RefusedAtStart extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.IDENTITY_GATE, "refuse",
                    LocalAzureTestResource.TOKEN_LIFETIME, LIFETIME_SECONDS + "s");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @InjectIdentityGate
    TcpGate gate;

    @Test
    @Order(1)
    void refusedAtStartAnswersAtOnceThenRecoversWithinTwoSeconds() {
        // The first request loads the request path's classes; it too gets the key problem.
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);
        List<Long> millis = failFast(20, "key-unavailable");
        report("refused at start: 20 requests, 503 key-unavailable, slowest " + max(millis) + " ms");
        assertTrue(localAzure.takeAllMessages().isEmpty(), "no code queued");

        long recovery = openAndTimeFirstCode();
        report("endpoint back: first code after " + recovery + " ms");
    }

    @Test
    @Order(2)
    void whileTheTokensHeldAreValidARefusingEndpointCostsNothing() {
        given().get("/api/v1/getcode").then().statusCode(200); // tokens held, fresh
        gate.set(TcpGate.Mode.REFUSE);
        try {
            // Tokens live 20 s and are refreshed ahead of expiry on every ask: the refreshes fail, the codes do not.
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                given().get("/api/v1/getcode").then().statusCode(200);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 1_000, "a code after " + millis + " ms with valid tokens held");
            }
        } finally {
            gate.set(TcpGate.Mode.OPEN);
        }
        localAzure.takeAllMessages();
    }

    @Test
    @Order(3)
    void tokensExpiringWhileRefusedAnswerAtOnceThenRecover() {
        gate.set(TcpGate.Mode.REFUSE);
        // Codes flow on the tokens held until they expire; then requests fail, each at once.
        await().atMost(Duration.ofSeconds(LIFETIME_SECONDS + 30)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().get("/api/v1/getcode").then().extract().statusCode() == 503);
        List<Long> millis = failFast(20, null);
        report("tokens expired while refused: 20 requests, 503, slowest " + max(millis) + " ms");

        long recovery = openAndTimeFirstCode();
        report("endpoint back after expiry: first code after " + recovery + " ms");
    }

    @Test
    @Order(4)
    void aHangingEndpointCostsOneAttemptThenAnswersAtOnce() {
        gate.set(TcpGate.Mode.HANG);
        // Until an attempt has failed (the token held expires, an attempt hangs until its response timeout), a request
        // may wait for it; after that, every request gets its 503 at once.
        await().atMost(Duration.ofSeconds(LIFETIME_SECONDS + 30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    long start = System.nanoTime();
                    int status = given().get("/api/v1/getcode").then().extract().statusCode();
                    return status == 503 && System.nanoTime() - start < FAST.toNanos();
                });
        List<Long> millis = failFast(20, null);
        report("hanging: 20 requests, 503, slowest " + max(millis) + " ms");

        long recovery = openAndTimeFirstCode();
        report("endpoint answers again: first code after " + recovery + " ms");
    }

    /**
     * {@code count} requests in a row, each a 503 problem ({@code type} if given) within {@link #FAST}, and no ERROR
     * line meanwhile: the outage is a handful of WARN lines, whatever fails for want of a token.
     */
    private static List<Long> failFast(int count, String type) {
        try (CapturedLog log = CapturedLog.warningsAndErrors()) {
            List<Long> millis = failFastQuietly(count, type);
            List<String> errors = log.messages().stream()
                    .filter(m -> m.startsWith("ERROR") || m.startsWith("SEVERE")).toList();
            assertEquals(List.of(), errors, "ERROR lines while no token can be had");
            return millis;
        }
    }

    private static List<Long> failFastQuietly(int count, String type) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            ExtractableResponse<Response> answer = given().get("/api/v1/getcode").then()
                    .statusCode(503).contentType("application/problem+json").extract();
            long took = (System.nanoTime() - start) / 1_000_000;
            millis.add(took);
            if (type != null) {
                assertEquals("urn:integrated-auth:problem:" + type, answer.path("type"));
            }
            // The next token attempt is due within a second (app.azure.credential.retry.max-backoff).
            assertEquals("1", answer.header("Retry-After"), "Retry-After");
            assertTrue(took <= FAST.toMillis(), "a 503 within " + FAST + ", not " + took + " ms: " + millis);
        }
        return millis;
    }

    /** Opens the gate and polls getcode until the first code; returns how long that took (at most RECOVERY). */
    private long openAndTimeFirstCode() {
        long opened = System.nanoTime();
        gate.set(TcpGate.Mode.OPEN);
        await().atMost(RECOVERY.plusSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().get("/api/v1/getcode").then().extract().statusCode() == 200);
        long millis = (System.nanoTime() - opened) / 1_000_000;
        assertTrue(millis <= RECOVERY.toMillis(), "the first code within " + RECOVERY + ", not " + millis + " ms");
        localAzure.takeAllMessages();
        return millis;
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static void report(String line) {
        System.out.println("IdentityRefusedTest: " + line);
    }
}

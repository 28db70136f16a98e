package dev.integratedauth.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.ConsumerRunning;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.Prometheus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer of code-requests running (codes valid for 6 s): expiry, at-least-once redelivery, poison messages.
 * Each test waits on what a user or operator can observe (the table, the queues, the metrics), never on a clock.
 */
@QuarkusTest
@TestProfile(ConsumerRunning.class)
@ExtendWith(LogHygiene.class)
class CodeLifecycleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @InjectLocalAzure
    LocalAzure localAzure;

    @BeforeEach
    void tablesUp() {
        localAzure.startTables();
    }

    @Test
    void aCodePastItsValidityIsNotValidAndItsEntityIsGone() {
        String code = Codes.issue();
        Instant expiresAt = expiry(code);

        await().atMost(PATIENCE).until(() -> localAzure.entities(code).isEmpty());

        assertFalse(Instant.now().isBefore(expiresAt), "the entity lived its whole validity");
        assertFalse(Codes.verifies(code), "an expired code is not valid");
        assertEquals(List.of(), localAzure.entities(code), "verifying an expired code brings nothing back");
    }

    @Test
    void aMessageRedeliveredAfterItsDeleteWasLostMakesNoSecondEntityAndNoLongerLife() {
        double before = processed("recorded");
        String body = getCode();
        String code = codeOf(body);
        awaitRecorded(before, code);
        Instant expiresAt = expiry(code);

        // What a lost delete looks like to the consumer: the very same message, once more.
        before = processed("recorded");
        localAzure.sendMessage(body);
        awaitRecorded(before, code);

        List<Map<String, Object>> entities = localAzure.entities(code);
        assertEquals(1, entities.size(), "one entity per code: " + entities);
        assertEquals(expiresAt, Instant.parse(entities.get(0).get("ExpiresAt").toString()), "no longer life");
        await().atMost(PATIENCE).until(() -> localAzure.entities(code).isEmpty());
        assertFalse(Instant.now().isBefore(expiresAt));
        assertFalse(Codes.verifies(code), "not valid after its expiry, however often its message came");
    }

    @Test
    void aUsedCodeStaysUsedWhenItsMessageComesAgain() {
        double before = processed("recorded");
        String body = getCode();
        String code = codeOf(body);
        awaitRecorded(before, code);
        Instant expiresAt = expiry(code);
        assertTrue(Codes.verifies(code));

        before = processed("recorded");
        localAzure.sendMessage(body);
        awaitRecorded(before, code);

        assertTrue(Instant.now().isBefore(expiresAt), "the copy was handled while the code was live");
        List<Map<String, Object>> entities = localAzure.entities(code);
        assertEquals(1, entities.size(), entities.toString());
        assertNotNull(entities.get(0).get("UsedAt"), "still used: " + entities);
        assertEquals(expiresAt, Instant.parse(entities.get(0).get("ExpiresAt").toString()));
        assertFalse(Codes.verifies(code), "a used code is not resurrected");
    }

    @Test
    void poisonMessagesAreMovedAfterTwoReceivesAndTheLoopGoesOn() {
        double poisoned = Prometheus.valueOrZero(Prometheus.scrape(), "consumer_messages_poisoned_total", Map.of());
        List<String> notCodes = List.of("not json at all " + System.nanoTime(),
                "{\"code\":\"no-such-shape\",\"timestamp\":\"" + System.nanoTime() + "\"}",
                "{\"code\":\"Abc-1-Xyz\",\"timestamp\":\"yesterday " + System.nanoTime() + "\"}",
                "{\"padding\":\"" + "x".repeat(2000) + System.nanoTime() + "\"}");
        notCodes.forEach(localAzure::sendMessage);

        await().atMost(PATIENCE).until(() -> localAzure.peekPoisonMessages().containsAll(notCodes));
        assertTrue(localAzure.peekMessages().stream().noneMatch(notCodes::contains), "gone from code-requests");
        String scrape = Prometheus.scrape();
        assertEquals(poisoned + notCodes.size(), Prometheus.valueOrZero(scrape, "consumer_messages_poisoned_total",
                Map.of()));
        assertTrue(Prometheus.value(scrape, "consumer_lag_seconds", Map.of()).isPresent(), "lag is exported");

        // The loop goes on: the next code is taken and put back as usual.
        double before = processed("recorded");
        String code = Codes.issue();
        awaitRecorded(before, code);
        assertTrue(Codes.verifies(code));
    }

    /**
     * Waits until the consumer has handled a message of the live {@code code} as a first sighting: one more message
     * was recorded since {@code before}, and none of the code's is visible any more (it was put back hidden).
     */
    private void awaitRecorded(double before, String code) {
        await().atMost(PATIENCE).until(() -> processed("recorded") > before && localAzure.peekMessages().stream()
                .noneMatch(m -> m.contains("\"" + code + "\"")));
    }

    private static String getCode() {
        return given().get("/api/v1/getcode").then().statusCode(200).extract().asString();
    }

    private static String codeOf(String body) {
        return io.restassured.path.json.JsonPath.from(body).getString("code");
    }

    private Instant expiry(String code) {
        return Instant.parse(localAzure.entities(code).get(0).get("ExpiresAt").toString());
    }

    private static double processed(String outcome) {
        return Prometheus.valueOrZero(Prometheus.scrape(), "consumer_messages_processed_total",
                Map.of("outcome", outcome));
    }
}

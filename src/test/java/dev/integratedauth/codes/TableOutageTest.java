package dev.integratedauth.codes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.faults.Problems;
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
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table Storage down (Azurite's table service stopped: connections refused) and back: verify and getcode answer 503
 * problems with Retry-After, the consumer backs off, readiness says why, and everything recovers without a restart.
 */
@QuarkusTest
@TestProfile(ConsumerRunning.class)
@ExtendWith(LogHygiene.class)
class TableOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @InjectLocalAzure
    LocalAzure localAzure;

    @AfterEach
    void tablesBack() {
        localAzure.startTables();
    }

    @Test
    void verifyAndGetcodeAnswer503WhileTablesAreDownAndTheConsumerRecovers() {
        localAzure.stopTables();

        Codes.verify("Abc-123-Xyz").statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:integrated-auth:problem:codes-unavailable"))
                .body("status", equalTo(503));
        Problems.getCodeFails(503, "table-unavailable").header("Retry-After", "5");

        // A code's message reaches the consumer while tables are down: it cannot record it, and backs off.
        String code = "Out-" + (System.nanoTime() % 1000) + "-Age";
        localAzure.sendMessage("{\"code\":\"" + code + "\",\"timestamp\":\""
                + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}");
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'code-consumer' }.status", equalTo("DOWN")));

        localAzure.startTables();

        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'code-consumer' }.status", equalTo("UP")));
        double recorded = Prometheus.valueOrZero(Prometheus.scrape(), "consumer_messages_processed_total",
                Map.of("outcome", "recorded"));
        String fresh = Codes.issue();
        assertTrue(Codes.verifies(fresh), "getcode and verify work again");
        await().atMost(PATIENCE).until(() -> Prometheus.valueOrZero(Prometheus.scrape(),
                "consumer_messages_processed_total", Map.of("outcome", "recorded")) > recorded
                && localAzure.peekMessages().stream().noneMatch(m -> m.contains(fresh)));
    }
}

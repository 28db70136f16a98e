package dev.integratedauth.faults;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.ConcurrentRequests;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource.InjectQueueProxy;
import dev.integratedauth.testing.QueueFaultProxy;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 requests in rounds of 20 concurrent ones, each round under a random mix of API and queue faults: every code
 * a caller got is in the queue exactly once, and every other answer is a documented problem.
 */
@QuarkusTest
@TestProfile(QueueFaultsTest.BehindFaultProxy.class)
@ExtendWith(LogHygiene.class)
class MixedFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> DOCUMENTED = Set.of(200, 502, 503, 504);

    @InjectLocalAzure
    LocalAzure localAzure;

    @InjectQueueProxy
    QueueFaultProxy queueProxy;

    @Test
    void everyReturnedCodeIsQueuedExactlyOnce() throws Exception {
        Random random = new Random(20261126);
        localAzure.clearQueue();
        List<String> returned = new ArrayList<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        try {
            for (int round = 0; round < 25; round++) {
                applyRandomFaults(random);
                for (HttpResponse<String> answer : ConcurrentRequests.get("/api/v1/getcode", 20)) {
                    statuses.merge(answer.statusCode(), 1, Integer::sum);
                    assertTrue(DOCUMENTED.contains(answer.statusCode()), answer.statusCode() + " " + answer.body());
                    if (answer.statusCode() == 200) {
                        JsonNode code = JSON.readTree(answer.body());
                        returned.add(JSON.writeValueAsString(code));
                    }
                }
            }
        } finally {
            queueProxy.setMode(QueueFaultProxy.Mode.PASS);
            localAzure.resetStubs();
        }

        List<String> queued = localAzure.takeAllMessages().stream().map(MixedFaultsTest::normalised).toList();
        for (String code : returned) {
            assertEquals(1, queued.stream().filter(code::equals).count(), "queued exactly once: " + code);
        }
        assertTrue(statuses.getOrDefault(200, 0) > 0 && statuses.size() > 1, "a real mix: " + statuses);
    }

    private void applyRandomFaults(Random random) {
        localAzure.resetStubs();
        switch (random.nextInt(4)) {
            case 0 -> localAzure.stubs().stubFor(any(urlPathEqualTo("/api/RandomNumber")).atPriority(1)
                    .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
            case 1 -> localAzure.stubs().stubFor(any(urlPathEqualTo("/api/RandomNumber")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withBody("{\"value\": \"garbage\"}")));
            default -> {
                // The API behaves.
            }
        }
        QueueFaultProxy.Mode[] modes = {QueueFaultProxy.Mode.PASS, QueueFaultProxy.Mode.PASS,
                QueueFaultProxy.Mode.FAIL_HALF, QueueFaultProxy.Mode.FORBIDDEN, QueueFaultProxy.Mode.SERVER_ERROR};
        queueProxy.setMode(modes[random.nextInt(modes.length)]);
    }

    private static String normalised(String json) {
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new AssertionError("A queued message is not JSON: " + json, e);
        }
    }
}

package dev.integratedauth.faults;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.web.ProblemMappers;
import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RandomNumber API answers something no well-behaved API would: 30 MB (as a 200 or as an error), or a body
 * that drips. Each gets a 502 well within the request's 10 s deadline, from one call (not retried), the service
 * logs why, and the queue gets no message. (The local Azure's WireMock always sends Content-Length; a chunked body
 * without one is cut by the same handler, see {@code AnswerLimitTest}.)
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
class HostileUpstreamTest {

    private static final String API = "/api/RandomNumber";
    private static final int THIRTY_MB = 30 * 1024 * 1024;
    /** Well under the 10 s deadline and the 12 s the dripping body takes; the read timeout in tests is 2 s. */
    private static final long FAST_MS = 6_000;

    @InjectLocalAzure
    LocalAzure localAzure;

    @BeforeEach
    void warm() {
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.clearQueue();
    }

    @AfterEach
    void defaults() {
        localAzure.resetStubs();
        // The connections a fault closed are gone; the next call is served as usual.
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.clearQueue();
    }

    @Test
    void thirtyMegabytesAreRefusedAtTheHead() {
        String cause = failsFast(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(zeros(THIRTY_MB)));

        assertTrue(cause.contains("a body of " + THIRTY_MB + " bytes (Content-Length)"),
                "refused on its declared length, before its body was read: " + cause);
    }

    @Test
    void thirtyMegabytesOfErrorAreRefusedAtTheHeadToo() {
        // The REST client would buffer an error body whole before its exception mapper saw the status.
        String cause = failsFast(aResponse().withStatus(500).withBody(zeros(THIRTY_MB)));

        assertTrue(cause.contains("a body of " + THIRTY_MB + " bytes (Content-Length)"), cause);
    }

    @Test
    void aDrippingBodyIsCutAtTheReadTimeout() {
        // Valid, but in 12 pieces over 12 s: each piece restarts Vert.x's 2 s idle timeout, so without the cut it
        // would end at the 10 s deadline (504).
        String cause = failsFast(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"value\": 7}" + " ".repeat(120))
                .withChunkedDribbleDelay(12, 12_000));

        assertTrue(cause.contains("not whole within 2000 ms of its head"), cause);
    }

    /** The API answers {@code answer}: 502 fast, one call, no message; returns the logged cause. */
    private String failsFast(ResponseDefinitionBuilder answer) {
        localAzure.stubs().stubFor(any(urlPathEqualTo(API)).atPriority(1).willReturn(answer));
        int calls = apiCalls();
        try (CapturedLog problems = CapturedLog.of(ProblemMappers.class)) {
            long start = System.nanoTime();

            Problems.getCodeFails(502, "third-party-api");

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < FAST_MS, "answered after " + millis + " ms");
            assertEquals(calls + 1, apiCalls(), "one call: a hostile answer is not retried");
            assertEquals(0, localAzure.takeAllMessages().size(), "a failed API call queues nothing");
            return String.join("\n", problems.messages());
        }
    }

    private int apiCalls() {
        return localAzure.stubs().findAll(getRequestedFor(urlPathEqualTo(API))).size();
    }

    private static byte[] zeros(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) '0');
        return body;
    }
}

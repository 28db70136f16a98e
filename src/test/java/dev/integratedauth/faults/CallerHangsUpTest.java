package dev.integratedauth.faults;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.TestCaller;
import dev.integratedauth.testing.ConcurrentRequests;
import dev.integratedauth.testing.HealthyRun;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A caller that hangs up while its code is being made (a browser closed, a load balancer's timeout, a load test
 * ending): the work it started is cancelled, the API request under way is reset at once instead of waiting for its
 * read timeout, nothing is queued for a code nobody will get, and nothing is logged at WARN or ERROR for it, however
 * many hang up at once.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith({ LogHygiene.class, HealthyRun.class })
class CallerHangsUpTest {

    private static final String API = "/api/RandomNumber";
    /** getcode as the tests' caller, written straight to a socket. */
    private static final java.util.function.Supplier<String> REQUEST = () -> "GET /api/v1/getcode HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nAuthorization: " + TestCaller.authorization() + "\r\n\r\n";
    /** More callers than the REST client has connections (50), so some wait in its pool when they hang up. */
    private static final int CALLERS = 150;
    /** The REST client's read timeout in tests (application.properties): an abandoned API request fails after it. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    @InjectLocalAzure
    LocalAzure localAzure;

    @AfterEach
    void defaults() {
        localAzure.resetStubs();
    }

    @Test
    void aCallerWhoHangsUpDuringASlowApiCallCancelsItsWorkWithoutAnError() throws Exception {
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.clearQueue();
        // Slower than the caller's patience, quicker than the read timeout (2 s in tests).
        localAzure.setRandomNumberLatency(Duration.ofSeconds(1));
        int calls = localAzure.randomNumberCalls();
        try (CapturedLog vertx = CapturedLog.of(io.vertx.core.http.impl.HttpClientRequestImpl.class);
                CapturedLog restClient = CapturedLog.of(org.jboss.resteasy.reactive.client.handlers.ClientErrorHandler.class)) {
            try (Socket caller = new Socket("127.0.0.1", RestAssured.port)) {
                OutputStream out = caller.getOutputStream();
                out.write(REQUEST.get().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> localAzure.randomNumberCalls() > calls);
            } // hung up, the API call under way
            // The REST client resets the API request as soon as the hang-up cancels the work (its DEBUG line).
            await().atMost(Duration.ofSeconds(10)).until(() -> restClient.messages().stream()
                    .anyMatch(m -> m.contains("Failure: GET") && m.contains(API)));
            assertEquals(java.util.List.of(), vertx.messages(), "nothing from the abandoned API request");
            assertEquals(java.util.List.of(), localAzure.takeAllMessages(), "no message for a code nobody gets");
            given().when().get("/api/v1/getcode").then().statusCode(200); // and the next caller is served
        }
    }

    /**
     * A load test ending: many callers hang up at once, some while their API call is under way, some while it waits
     * for one of the REST client's connections, some reset, some closed. A request of a caller who left must not be
     * left on its connection until its read timeout (Vert.x logs that at ERROR and the connection is held meanwhile).
     */
    @Test
    void manyCallersHangingUpAtOnceLeaveNoErrorAndTheServiceAnswers() throws Exception {
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.setRandomNumberLatency(Duration.ofMillis(200));
        int before = localAzure.randomNumberCalls();
        List<Socket> callers = new ArrayList<>();
        try (CapturedLog warnings = CapturedLog.warningsAndErrors()) {
            try {
                for (int i = 0; i < CALLERS; i++) {
                    Socket caller = new Socket("127.0.0.1", RestAssured.port);
                    callers.add(caller);
                    caller.getOutputStream().write(REQUEST.get().getBytes(StandardCharsets.US_ASCII));
                }
                // Hang up in three waves, each once the API has seen more calls: the pool hands connections on
                // between them, so the hang-ups land before, during and after requests get their connection.
                int seen = before;
                for (int wave = 0; wave < 3; wave++) {
                    int threshold = seen;
                    await().atMost(Duration.ofSeconds(10)).until(() -> localAzure.randomNumberCalls() > threshold);
                    seen = localAzure.randomNumberCalls();
                    for (int i = wave; i < CALLERS; i += 3) {
                        Socket caller = callers.get(i);
                        if (i % 2 == 0) {
                            caller.setSoLinger(true, 0); // reset, as wrk's close does
                        }
                        caller.close();
                    }
                }
            } finally {
                for (Socket caller : callers) {
                    caller.close();
                }
            }
            // An abandoned request would fail when its read timeout runs out (the first of them about that long
            // after the first wave); nothing may be logged until well after that. The quiet window also lets the
            // Azure SDK's pooled connections sit idle past the response timeout (3 s here): the burst below must
            // still find them usable (they used to be closed by a read idle timeout of that length just as a
            // send took one: three 503s).
            await().during(READ_TIMEOUT.plusSeconds(1)).atMost(READ_TIMEOUT.plusSeconds(4)).untilAsserted(() ->
                    assertEquals(List.of(), warnings.messages(), "no WARN or ERROR for callers who hung up"));

            localAzure.setRandomNumberLatency(Duration.ZERO);
            // The whole pool is free again: as many callers as it has connections are all served.
            ConcurrentRequests.get("/api/v1/getcode", 50).forEach(answer ->
                    assertEquals(200, answer.statusCode(), answer.body()));
            assertEquals(List.of(), warnings.messages(), "no WARN or ERROR afterwards either");
        }
    }
}

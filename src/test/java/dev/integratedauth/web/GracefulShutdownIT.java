package dev.integratedauth.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LaunchedApp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Container Apps stops a replica (scale-in, a new revision) with SIGTERM and, 30 s later, SIGKILL. The packaged app
 * goes not-ready at once, refuses new requests, finishes the ones it accepted (the API call, the queue send, the
 * 200), and exits 0 by itself.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each API call takes this long: the requests are surely in flight when the signal comes. */
    private static final int API_DELAY_MILLIS = 2_500;

    @Test
    void tenRequestsInFlightAtSigtermAllGetTheirCodeQueuedAndTheProcessExitsZero() throws Exception {
        try (LaunchedApp app = LaunchedApp.start("graceful-shutdown", Map.of())) {
            LocalAzure azure = app.localAzure();
            assertEquals(200, app.status("/api/v1/getcode"), "the key is in memory");
            azure.clearQueue();
            azure.setRandomNumberLatency(Duration.ofMillis(API_DELAY_MILLIS));
            int callsBefore = azure.randomNumberCalls();

            List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, 10)
                    .mapToObj(i -> app.getAsync("/api/v1/getcode")).toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> azure.randomNumberCalls() - callsBefore == 10);

            long signalled = System.nanoTime();
            app.terminate();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> app.status("/q/health/ready") != 200);
            HttpResponse<String> refused = app.get("/api/v1/getcode");
            assertEquals(503, refused.statusCode(), "a new request is refused, not served");
            assertEquals("urn:integrated-auth:problem:shutting-down", JSON.readTree(refused.body()).path("type").asText());

            List<String> codes = inFlight.stream().map(CompletableFuture::join).map(answer -> {
                assertEquals(200, answer.statusCode(), answer.body());
                return code(answer.body());
            }).toList();
            int exit = app.awaitExit(Duration.ofSeconds(20));
            long exitedAfterMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();

            assertEquals(0, exit, "exit status after SIGTERM");
            assertTrue(exitedAfterMillis < 20_000, "exited within the drain time: " + exitedAfterMillis + " ms");
            List<String> queued = azure.takeAllMessages();
            for (String code : codes) {
                assertTrue(queued.stream().anyMatch(message -> message.contains(code)), code + " is in the queue");
            }
            assertEquals(10, queued.size(), "one message per code, no other");
            assertTrue(app.output().contains("SIGTERM: not ready any more"), "the stop is logged");
            System.out.printf("GracefulShutdownIT: 10 in flight, all 200 and queued; exit 0 after %d ms%n",
                    exitedAfterMillis);
        }
    }

    @Test
    void aRequestThatOutlastsTheDrainTimeDoesNotHoldTheProcessAndReturnsNoCode() throws Exception {
        try (LaunchedApp app = LaunchedApp.start("graceful-shutdown-bounded",
                Map.of("quarkus.shutdown.timeout", "1s", "app.consumer.enabled", "true"))) {
            LocalAzure azure = app.localAzure();
            assertEquals(200, app.status("/api/v1/getcode"), "the key is in memory");
            azure.clearQueue();
            azure.setRandomNumberLatency(Duration.ofMillis(API_DELAY_MILLIS));
            int callsBefore = azure.randomNumberCalls();
            CompletableFuture<HttpResponse<String>> late = app.getAsync("/api/v1/getcode");
            await().atMost(Duration.ofSeconds(10)).until(() -> azure.randomNumberCalls() > callsBefore);

            long signalled = System.nanoTime();
            app.terminate();
            int exit = app.awaitExit(Duration.ofSeconds(15));
            long exitedAfterMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();

            assertEquals(0, exit);
            assertTrue(exitedAfterMillis < API_DELAY_MILLIS + 5_000, "bounded: " + exitedAfterMillis + " ms");
            int status;
            try {
                status = late.join().statusCode();
            } catch (CompletionException closed) {
                status = -1;
            }
            assertNotEquals(200, status, "no code for a request cut by the shutdown");
            String output = app.output();
            assertTrue(output.contains("Code consumer stopped"), "the consumer stopped:\n" + output);
            System.out.printf("GracefulShutdownIT: drain time 1s, a 2.5 s request answered %d; exit 0 after %d ms%n",
                    status, exitedAfterMillis);
        }
    }



    private static String code(String body) {
        try {
            return JSON.readTree(body).path("code").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
    }
}

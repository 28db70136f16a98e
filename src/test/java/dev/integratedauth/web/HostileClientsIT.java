package dev.integratedauth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LaunchedApp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged app facing callers that send too much, too slowly or too many at once: each gets a clear refusal,
 * nothing crashes, and the other callers are served.
 */
class HostileClientsIT {

    private static final int MAX_IN_FLIGHT = 4;
    /** Short here, so that the test sees it; longer than the slow API below, as it must be longer than a request. */
    private static final int IDLE_TIMEOUT_SECONDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LaunchedApp app;

    @BeforeAll
    static void start() throws IOException {
        app = LaunchedApp.start("hostile-clients", Map.of(
                "app.inbound.max-in-flight", Integer.toString(MAX_IN_FLIGHT),
                "quarkus.http.idle-timeout", IDLE_TIMEOUT_SECONDS + "s"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void defaults() {
        app.localAzure().resetStubs();
    }

    @Test
    void headersOverTheLimitGet431AndTheServerGoesOn() throws IOException {
        String answer = exchange("GET /api/v1/getcode HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "a".repeat(30 * 1024) + "\r\n\r\n");
        assertTrue(answer.matches("(?s)HTTP/1\\.[01] 431 .*"), answer);
        assertEquals(200, app.status("/api/v1/getcode"));
    }

    @Test
    void aRequestLineOverTheLimitGets414AndTheServerGoesOn() throws IOException {
        String answer = exchange("GET /api/v1/getcode?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(answer.matches("(?s)HTTP/1\\.[01] 414 .*"), answer);
        assertEquals(200, app.status("/api/v1/getcode"));
    }

    @Test
    void pastTheLimitOfRequestsInFlightACallerGetsA503ProblemAtOnceAndTheOthersFinish() throws Exception {
        LocalAzure azure = app.localAzure();
        assertEquals(200, app.status("/api/v1/getcode"), "the key is in memory");
        azure.clearQueue();
        azure.setRandomNumberLatency(Duration.ofSeconds(1));
        int callsBefore = azure.randomNumberCalls();
        List<CompletableFuture<HttpResponse<String>>> admitted = IntStream.range(0, MAX_IN_FLIGHT)
                .mapToObj(i -> app.getAsync("/api/v1/getcode")).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> azure.randomNumberCalls() - callsBefore == MAX_IN_FLIGHT);

        long asked = System.nanoTime();
        HttpResponse<String> refused = app.get("/api/v1/getcode");
        long refusedAfterMillis = Duration.ofNanos(System.nanoTime() - asked).toMillis();
        assertEquals(200, app.status("/q/health/ready"), "probes are not shed");

        assertEquals(503, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("urn:integrated-auth:problem:overloaded", problem.path("type").asText());
        assertEquals(503, problem.path("status").asInt());
        assertTrue(refusedAfterMillis < 1_000, "refused at once, not after the others: " + refusedAfterMillis + " ms");
        for (CompletableFuture<HttpResponse<String>> answer : admitted) {
            assertEquals(200, answer.join().statusCode());
        }
        assertEquals(MAX_IN_FLIGHT, azure.takeAllMessages().size(), "the admitted codes, and nothing for the refused");
        azure.resetStubs();
        assertEquals(200, app.status("/api/v1/getcode"), "served again once below the limit");
    }

    @Test
    void threeHundredClientsDrippingHeadersDoNotDelayOthersAndASilentOneIsCut() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", LaunchedApp.PORT);
                socket.getOutputStream().write("GET /api/v1/getcode HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: "
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            long slowest = 0;
            for (int i = 0; i < 20; i++) {
                for (Socket socket : slow) {
                    drip(socket);
                }
                long asked = System.nanoTime();
                assertEquals(200, app.status("/api/v1/getcode"));
                slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - asked).toMillis());
            }
            assertTrue(slowest < 2_000, "normal requests beside 300 dripping connections, slowest: " + slowest + " ms");

            int cut = 0;
            for (Socket socket : slow) {
                cut += closedByServer(socket) ? 1 : 0;
            }

            // A connection that stops sending in the middle of its headers is closed by the idle timeout.
            try (Socket silent = new Socket("127.0.0.1", LaunchedApp.PORT)) {
                silent.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                silent.setSoTimeout(15_000);
                long since = System.nanoTime();
                assertEquals(-1, silent.getInputStream().read(), "closed by the server without an answer");
                long closedAfterMillis = Duration.ofNanos(System.nanoTime() - since).toMillis();
                assertTrue(closedAfterMillis < IDLE_TIMEOUT_SECONDS * 1_000 + 5_000, "cut after " + closedAfterMillis + " ms");
                System.out.printf("HostileClientsIT: slowest normal request beside 300 drips %d ms; %d of 300 drips "
                        + "cut meanwhile; a silent one cut after %d ms%n", slowest, cut, closedAfterMillis);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(1); // 300 of these must take well under the idle timeout, or it would cut them itself
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** One more byte of a header that never ends; a connection the server has already cut stays cut. */
    private static void drip(Socket socket) {
        try {
            socket.getOutputStream().write('x');
        } catch (IOException closedByTheServer) {
            // allowed: cutting a slow client is what the server may do
        }
    }

    /** Sends {@code request} on a new connection and returns what comes back until the server closes it. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", LaunchedApp.PORT)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[4096];
            int length = 0;
            try {
                for (int n; length < answer.length && (n = in.read(answer, length, answer.length - length)) > 0; ) {
                    length += n;
                }
            } catch (SocketTimeoutException | java.net.SocketException ended) {
                // the status line has come; the server may reset the rest of a request it refused
            }
            return new String(answer, 0, length, StandardCharsets.US_ASCII);
        }
    }

}

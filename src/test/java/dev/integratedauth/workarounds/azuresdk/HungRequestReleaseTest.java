package dev.integratedauth.workarounds.azuresdk;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The SDK's client through {@link HungRequestRelease} (a real Vert.x server on 127.0.0.1): a request that is never
 * answered gives its connection up at the response timeout, so the next request is served although the pool holds one
 * connection; and a request that cannot get a connection fails within the connect timeout instead of queueing.
 */
class HungRequestReleaseTest {

    private static final int PORT = 18472;
    private static final String BASE = "http://127.0.0.1:" + PORT;

    private static Vertx vertx;
    private static final AtomicInteger CLOSED = new AtomicInteger();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        vertx.createHttpServer().connectionHandler(connection -> connection.closeHandler(v -> CLOSED.incrementAndGet()))
                .requestHandler(request -> {
                    if (request.path().equals("/hang")) {
                        request.body(); // read, never answered
                    } else {
                        request.response().end("ok");
                    }
                }).listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aHungRequestClosesItsConnectionAndTheNextIsServed() {
        HttpClient sdk = HungRequestRelease.azureClient(vertx, new HttpClientOptions().setMaxPoolSize(1)
                .setConnectTimeout(2_000), Duration.ofMillis(300));
        int closedBefore = CLOSED.get();
        assertThrows(RuntimeException.class, () -> sdk.send(new HttpRequest(HttpMethod.GET, BASE + "/hang"))
                .block(Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> CLOSED.get() > closedBefore);

        HttpResponse answer = sdk.send(new HttpRequest(HttpMethod.GET, BASE + "/ok")).block(Duration.ofSeconds(5));
        assertEquals(200, answer.getStatusCode());
        assertEquals("ok", answer.getBodyAsString().block(Duration.ofSeconds(5)));
    }

    @Test
    void aRequestWaitingForAConnectionFailsWithinTheConnectTimeout() {
        HttpClient sdk = HungRequestRelease.azureClient(vertx, new HttpClientOptions().setMaxPoolSize(1)
                .setConnectTimeout(300), Duration.ofSeconds(30));
        sdk.send(new HttpRequest(HttpMethod.GET, BASE + "/hang")).subscribe(ok -> { }, failure -> { });
        // The pool's one connection is the hung request's for 30 s: this one fails after 300 ms of waiting for it.
        RuntimeException failure = assertThrows(RuntimeException.class, () -> sdk.send(
                new HttpRequest(HttpMethod.GET, BASE + "/ok")).block(Duration.ofSeconds(5)));
        assertFalse(String.valueOf(failure.getMessage()).contains("blocking read"),
                "the request was still waiting after 5 s: " + failure);
    }
}

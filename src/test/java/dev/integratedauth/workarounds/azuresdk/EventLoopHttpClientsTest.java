package dev.integratedauth.workarounds.azuresdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.vertx.VertxHttpClientBuilder;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's HTTP client per event loop (real azure-core-http-vertx clients, a real Vert.x server on 127.0.0.1): a
 * connection only ever carries the requests of one event loop, and requests from other threads are served too.
 */
class EventLoopHttpClientsTest {

    private static final int PORT = 18470;
    private static final String LOOP_HEADER = "x-sending-loop";

    private static Vertx vertx;
    /** Per server-side connection (the client's port): the loops whose requests it carried. */
    private static final Map<Integer, Set<String>> LOOPS_BY_CONNECTION = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        vertx.createHttpServer().requestHandler(request -> {
            LOOPS_BY_CONNECTION.computeIfAbsent(request.remoteAddress().port(), port -> ConcurrentHashMap.newKeySet())
                    .add(String.valueOf(request.getHeader(LOOP_HEADER)));
            request.response().end("ok");
        }).listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void eachConnectionCarriesTheRequestsOfOneEventLoopOnly() throws Exception {
        List<EventExecutor> loops = EventLoopHttpClients.eventLoops(vertx);
        assertEquals(2, loops.size());
        HttpClient clients = EventLoopHttpClients.of(loops, () -> new VertxHttpClientBuilder().vertx(vertx)
                .httpClientOptions(new HttpClientOptions().setMaxPoolSize(4)).build());
        List<Context> contexts = oneContextPerLoop();

        // Requests alternate between the loops, one at a time: a single shared pool would hand each one the
        // connection the other loop just gave back.
        for (int i = 0; i < 20; i++) {
            Context context = contexts.get(i % 2);
            CompletableFuture<Integer> status = new CompletableFuture<>();
            context.runOnContext(ignored -> clients.send(request(Thread.currentThread().getName()))
                    .subscribe(response -> status.complete(response.getStatusCode()), status::completeExceptionally));
            assertEquals(200, status.get(10, TimeUnit.SECONDS));
        }

        assertTrue(LOOPS_BY_CONNECTION.size() >= 2, "both loops sent requests: " + LOOPS_BY_CONNECTION);
        LOOPS_BY_CONNECTION.forEach((port, senders) -> assertEquals(1, senders.size(),
                "connection from port " + port + " carried requests of " + senders));
    }

    @Test
    void requestsFromOtherThreadsAreServed() {
        HttpClient clients = EventLoopHttpClients.of(EventLoopHttpClients.eventLoops(vertx),
                () -> new VertxHttpClientBuilder().vertx(vertx).build());
        assertEquals(200, clients.send(request("test thread")).block(Duration.ofSeconds(10)).getStatusCode());
    }

    private static HttpRequest request(String sender) {
        return new HttpRequest(HttpMethod.GET, "http://127.0.0.1:" + PORT + "/").setHeader(
                HttpHeaderName.fromString(LOOP_HEADER), sender);
    }

    /** New event-loop contexts go round-robin over the loops (getOrCreateContext would return one, sticky). */
    private static List<Context> oneContextPerLoop() {
        List<Context> contexts = new ArrayList<>();
        Set<EventExecutor> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 16 && contexts.size() < 2; i++) {
            ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
            if (seen.add(context.nettyEventLoop())) {
                contexts.add(context);
            }
        }
        assertEquals(2, contexts.size(), "a context on each event loop");
        return contexts;
    }
}

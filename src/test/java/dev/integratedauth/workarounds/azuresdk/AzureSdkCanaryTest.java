package dev.integratedauth.workarounds.azuresdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.TableEntity;

import dev.integratedauth.localazure.LocalTls;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import reactor.core.publisher.Mono;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canaries of the Azure SDK workarounds (docs/workarounds.md): each test shows, against the pinned versions and
 * without the workaround, the misbehaviour its workaround exists for. When an upgrade fixes one, its test fails and
 * says which workaround can go. A local Vert.x server on 127.0.0.1 plays the service.
 */
class AzureSdkCanaryTest {

    private static final int PORT = 18471;
    private static final String BASE = "https://127.0.0.1:" + PORT;
    private static final LocalTls TLS = LocalTls.in(LocalTls.PROJECT_DIRECTORY);
    private static Vertx vertx;
    private static final Map<Integer, Set<String>> LOOPS_BY_CONNECTION = new ConcurrentHashMap<>();
    private static final List<Long> INSERTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(new PfxOptions()
                .setPath(TLS.keyStore().toString()).setPassword(TLS.password()))).requestHandler(request -> {
            switch (request.path()) {
                case "/loops" -> {
                    LOOPS_BY_CONNECTION.computeIfAbsent(request.remoteAddress().port(),
                            port -> ConcurrentHashMap.newKeySet()).add(String.valueOf(request.getHeader("x-loop")));
                    request.response().end("ok");
                }
                // Reads the request and never answers, keeping the connection open (a hung front end).
                case "/hang" -> request.body();
                case "/unauthorized" -> request.response().setStatusCode(401).end("{\"error\":\"challenge\"}");
                // Reads the request, never answers, then drops the connection (a hung Queue Storage).
                case "/hang-up" -> request.body().onSuccess(body -> vertx.setTimer(200,
                        id -> request.connection().close()));
                // The codes' table: an insert answered at once, its arrival time kept.
                default -> request.body().onSuccess(body -> {
                    INSERTS.add(System.nanoTime());
                    request.response().setStatusCode(204).end();
                });
            }
        }).listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void eventLoopBoundedElasticStillNeeded() throws IOException {
        assertTrue(constantPoolOf("com.azure.core.implementation.http.rest.AsyncRestProxy").contains("boundedElastic"),
                "azure-core no longer decodes answers on boundedElastic: remove EventLoopBoundedElastic");
    }

    @Test
    void hungRequestReleaseStillNeeded() {
        HttpClient sdk = new VertxHttpClientBuilder().vertx(vertx).responseTimeout(Duration.ofMillis(300))
                .httpClientOptions(trusting(new HttpClientOptions().setMaxPoolSize(1))).build();
        assertThrows(RuntimeException.class, () -> sdk.send(new HttpRequest(HttpMethod.GET, BASE + "/hang"))
                .block(Duration.ofSeconds(5)), "the response timeout fails the call");
        // The pool's one connection is still held by the request the SDK gave up on, so the next waits for it.
        IllegalStateException waited = assertThrows(IllegalStateException.class, () -> sdk.send(
                new HttpRequest(HttpMethod.GET, BASE + "/loops")).block(Duration.ofSeconds(2)),
                "a request that timed out no longer holds its connection: remove HungRequestRelease");
        assertTrue(waited.getMessage().contains("Timeout on blocking read"), waited.getMessage());
    }

    @Test
    void eventLoopHttpClientsStillNeeded() {
        HttpClient shared = new VertxHttpClientBuilder().vertx(vertx)
                .httpClientOptions(trusting(new HttpClientOptions().setMaxPoolSize(4))).build();
        List<Context> loops = IntStream.range(0, 8)
                .mapToObj(i -> (Context) ((VertxInternal) vertx).createEventLoopContext()).toList();
        for (int i = 0; i < 20; i++) {
            Context context = loops.get(i % loops.size());
            String loop = ((ContextInternal) context).nettyEventLoop().toString();
            Mono<HttpResponse> sent = Mono.create(sink -> context.runOnContext(ignored -> shared.send(
                    new HttpRequest(HttpMethod.GET, BASE + "/loops").setHeader(HttpHeaderName.fromString("x-loop"), loop))
                    .subscribe(sink::success, sink::error)));
            sent.block(Duration.ofSeconds(10));
        }
        assertTrue(LOOPS_BY_CONNECTION.values().stream().anyMatch(senders -> senders.size() > 1),
                "one Vert.x client no longer hands a loop's connection to another loop: remove EventLoopHttpClients "
                        + LOOPS_BY_CONNECTION);
    }

    @Test
    void readErrorBodyPolicyStillNeeded() {
        try (CapturedWarnings warnings = new CapturedWarnings("io.netty.util.concurrent.AbstractEventExecutor")) {
            HttpResponse response = client().send(new HttpRequest(HttpMethod.GET, BASE + "/unauthorized"))
                    .block(Duration.ofSeconds(10));
            response.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> warnings.contains("NoSuchElementException"));
        }
    }

    @Test
    void streamedRequestBodyPolicyStillNeeded() {
        try (CapturedWarnings errors = new CapturedWarnings("io.vertx")) {
            Mono<HttpResponse> send = client().send(new HttpRequest(HttpMethod.PUT, BASE + "/hang-up")
                    .setBody(BinaryData.fromString("{\"code\":\"AbC-123-xYz\"}")));
            assertThrows(RuntimeException.class, () -> send.block(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> errors.contains("Result is already complete"));
        }
    }

    @Test
    void handedOnErrorLogsStillNeeded() {
        try (CapturedWarnings errors = CapturedWarnings.withoutFilter(HandedOnErrorLogs.RETRY_POLICY)) {
            HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client())
                    .policies(new com.azure.core.http.policy.RetryPolicy(
                            new com.azure.core.http.policy.FixedDelay(1, Duration.ofMillis(10))))
                    .build();
            // Nothing listens on the port below the server's: every try is refused.
            assertThrows(RuntimeException.class, () -> pipeline.send(new HttpRequest(HttpMethod.GET,
                    "https://127.0.0.1:" + (PORT - 1) + "/")).block(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> errors.contains("Retry attempts have been exhausted"));
        }
    }

    @Test
    void handedOnTokenErrorLogsStillNeeded() {
        try (CapturedWarnings errors = CapturedWarnings.withoutFilter(HandedOnErrorLogs.TOKEN_CACHE)) {
            // A credential that has no token, as BackgroundTokenRefresh while the identity endpoint is down: the
            // failure reaches the request, and the token cache logs it at ERROR besides.
            TokenCredential none = request -> Mono.error(new com.azure.core.exception.ClientAuthenticationException(
                    "no token", null));
            HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client())
                    .policies(new com.azure.core.http.policy.BearerTokenAuthenticationPolicy(none,
                            "https://storage.azure.com/.default"))
                    .build();
            assertThrows(RuntimeException.class, () -> pipeline.send(new HttpRequest(HttpMethod.GET, BASE + "/"))
                    .block(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> errors.containsAtError(
                    "Failed to acquire a new access token"));
        }
    }

    /** Not a canary: the workaround's own check, for a send with a body and for one without (the consumer's GET). */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void streamedRequestBodyPolicyKeepsAnUnansweredRequestQuiet(String method) {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client())
                .policies(new StreamedRequestBodyPolicy()).build();
        HttpRequest request = new HttpRequest(HttpMethod.valueOf(method), BASE + "/hang-up");
        if (method.equals("PUT")) {
            request.setBody(BinaryData.fromString("{\"code\":\"AbC-123-xYz\"}"));
        }
        try (CapturedWarnings errors = new CapturedWarnings("io.vertx")) {
            assertThrows(RuntimeException.class, () -> pipeline.send(request).block(Duration.ofSeconds(10)));
            // The double failure is logged as the connection closes; nothing may come in the moments after.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> !errors.contains("Result is already complete"));
        }
    }

    @Test
    void tablePipelineStillNeeded() {
        TokenCredential credential = request -> Mono.delay(Duration.ofMillis(50))
                .map(ignored -> new AccessToken("token", OffsetDateTime.now().plusHours(1)));
        TableAsyncClient table = new TableClientBuilder().endpoint(BASE).tableName("codes").credential(credential)
                .httpClient(client()).buildAsyncClient();
        INSERTS.clear();
        // Only the inserts' arrival at the server counts, not their completion.
        IntStream.range(0, 8).forEach(i -> table.createEntity(new TableEntity("Abc-" + i + "-Xyz", "")).subscribe(
                ok -> { }, failure -> { }));
        await().atMost(Duration.ofSeconds(10)).until(() -> INSERTS.size() == 8);
        long spreadMillis = (INSERTS.stream().mapToLong(Long::longValue).max().orElseThrow()
                - INSERTS.stream().mapToLong(Long::longValue).min().orElseThrow()) / 1_000_000;
        assertTrue(spreadMillis >= 450, "concurrent inserts with the builder's token policy all went out within "
                + spreadMillis + " ms: the 500 ms stall is gone, remove TablePipeline");
    }

    private static HttpClient client() {
        return new VertxHttpClientBuilder().vertx(vertx).httpClientOptions(trusting(new HttpClientOptions())).build();
    }

    private static HttpClientOptions trusting(HttpClientOptions options) {
        return options.setTrustOptions(new PemTrustOptions().addCertPath(TLS.certificate().toString()));
    }

    private static String constantPoolOf(String className) throws IOException {
        try (InputStream in = AzureSdkCanaryTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The messages (and their exceptions) one logger category and its children write while open. */
    private static final class CapturedWarnings extends Handler implements AutoCloseable {
        private final Logger logger;
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        /** The category's filter while capturing, put back on close. */
        private final java.util.logging.Filter filter;

        CapturedWarnings(String category) {
            logger = Logger.getLogger(category);
            filter = logger.getFilter();
            logger.addHandler(this);
        }

        /**
         * Captures without the category's filter: an app started earlier in this JVM has put a workaround's filter on
         * it, and a canary shows what the library writes without the workaround.
         */
        static CapturedWarnings withoutFilter(String category) {
            CapturedWarnings captured = new CapturedWarnings(category);
            captured.logger.setFilter(null);
            return captured;
        }

        boolean contains(String text) {
            return records.stream().anyMatch(record -> line(record).contains(text));
        }

        boolean containsAtError(String text) {
            return records.stream().anyMatch(record -> record.getLevel().intValue() >= Level.SEVERE.intValue()
                    && line(record).contains(text));
        }

        private static String line(LogRecord record) {
            return record.getMessage() + " " + (record.getThrown() == null ? "" : record.getThrown());
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setFilter(filter);
        }
    }
}

package dev.integratedauth.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.integratedauth.localazure.LocalTls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;

/**
 * A TLS proxy in front of one Azurite service (queue or table) that fails on command, as Azure Storage does in an
 * incident: a status with Storage's error body, a hang, a reset connection, 409 on inserts, 412 on conditional
 * updates. It verifies Azurite's certificate like any client, and it keeps the books the chaos verdict needs: every
 * message Azurite accepted and every entity write it answered, by code.
 */
final class StorageFaults implements AutoCloseable {

    enum Mode {
        PASS, STATUS_500, STATUS_503, HANG, RESET, CONFLICT_ON_INSERT, PRECONDITION_ON_UPDATE
    }

    private static final Pattern MESSAGE_TEXT = Pattern.compile("<MessageText>(.*?)</MessageText>", Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("visibilitytimeout=[1-9]");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PARTITION = Pattern.compile("PartitionKey(?:%3D|=)(?:'|%27)([^'%]+)");
    private static final Pattern PARTITION_IN_BODY = Pattern.compile("\"PartitionKey\"\\s*:\\s*\"([^\"]+)\"");

    private final String name;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient azurite;
    private volatile Mode mode = Mode.PASS;
    /** Code → messages Azurite accepted (201) with that code, visible at once: the service's issue. */
    final Map<String, AtomicInteger> enqueued = new ConcurrentHashMap<>();
    /** Code → hidden copies the consumer sent (its first sighting re-sends the message until the code expires). */
    final Map<String, AtomicInteger> resent = new ConcurrentHashMap<>();
    /** Code → entity writes Azurite answered with success. */
    final Map<String, AtomicInteger> written = new ConcurrentHashMap<>();
    /** Every request passed on: when it arrived (ms since {@code origin}), what Azurite took, and its method and status. */
    final Queue<String> forwarded = new ConcurrentLinkedQueue<>();
    /** Every request that reached the proxy: when (ms since {@code origin}), in which mode, its method. */
    final Queue<String> arrivals = new ConcurrentLinkedQueue<>();
    private final long origin;

    StorageFaults(String name, int port, int azuritePort, LocalTls tls, long origin) {
        this.name = name;
        this.origin = origin;
        this.azurite = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.certificate().toAbsolutePath().toString()))
                .setDefaultHost("127.0.0.1").setDefaultPort(azuritePort).setMaxPoolSize(64)
                // Azurite closes connections idle for 5 s: the proxy lets them go first, as the service does.
                .setKeepAliveTimeout(3));
        this.server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore().toAbsolutePath().toString())
                        .setPassword(tls.password())))
                .requestHandler(this::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException(name + " fault proxy cannot listen on " + port, e);
        }
    }

    void set(Mode next) {
        mode = next;
    }

    private void handle(HttpServerRequest request) {
        arrivals.add((System.currentTimeMillis() - origin) + "," + mode + "," + request.method());
        request.body().onSuccess(body -> {
            Mode now = mode;
            boolean insert = request.method().name().equals("POST") && request.path().endsWith("/codes");
            boolean conditional = request.getHeader("If-Match") != null && !request.getHeader("If-Match").equals("*");
            switch (now) {
                case STATUS_500 -> fail(request, 500, "InternalError", "The server encountered an internal error.");
                case STATUS_503 -> fail(request, 503, "ServerBusy", "The server is currently unable to receive requests.");
                case HANG -> { } // never answered: the client's own timeout decides
                case RESET -> request.connection().close();
                case CONFLICT_ON_INSERT -> {
                    if (insert) {
                        fail(request, 409, "EntityAlreadyExists", "The specified entity already exists.");
                    } else {
                        forward(request, body);
                    }
                }
                case PRECONDITION_ON_UPDATE -> {
                    if (conditional) {
                        fail(request, 412, "UpdateConditionNotSatisfied",
                                "The update condition specified in the request was not satisfied.");
                    } else {
                        forward(request, body);
                    }
                }
                default -> forward(request, body);
            }
        });
    }

    private void fail(HttpServerRequest request, int status, String code, String message) {
        boolean table = request.path().contains("/codes");
        request.response().setStatusCode(status)
                .putHeader("Content-Type", table ? "application/json" : "application/xml")
                .putHeader("x-ms-error-code", code)
                .end(table ? "{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\""
                        + message + "\"}}}"
                        : "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                                + message + "</Message></Error>");
    }

    private void forward(HttpServerRequest request, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri());
        request.headers().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase("Connection")) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        long arrived = System.currentTimeMillis();
        azurite.request(options).compose(out -> out.send(body)).compose(answer -> answer.body().map(b -> {
            forwarded.add((arrived - origin) + "," + (System.currentTimeMillis() - arrived) + "," + request.method()
                    + "," + answer.statusCode());
            keepBooks(request, body, answer.statusCode());
            request.response().setStatusCode(answer.statusCode());
            answer.headers().forEach(h -> {
                if (!h.getKey().equalsIgnoreCase("Connection") && !h.getKey().equalsIgnoreCase("Transfer-Encoding")) {
                    request.response().putHeader(h.getKey(), h.getValue());
                }
            });
            request.response().end(b);
            return b;
        })).onFailure(e -> {
            forwarded.add((arrived - origin) + "," + (System.currentTimeMillis() - arrived) + "," + request.method()
                    + ",failed");
            request.connection().close();
        });
    }

    private void keepBooks(HttpServerRequest request, Buffer body, int status) {
        if (status >= 300) {
            return;
        }
        String method = request.method().name();
        if (method.equals("POST") && request.path().endsWith("/messages")) {
            Matcher text = MESSAGE_TEXT.matcher(body.toString(StandardCharsets.UTF_8));
            if (text.find()) {
                String code = codeOf(text.group(1));
                if (code != null) {
                    boolean hidden = HIDDEN.matcher(request.uri()).find();
                    (hidden ? resent : enqueued).computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                }
            }
        } else if (request.path().contains("/codes") && !method.equals("GET") && !method.equals("DELETE")) {
            Matcher key = PARTITION.matcher(request.uri());
            Matcher inBody = PARTITION_IN_BODY.matcher(body.toString(StandardCharsets.UTF_8));
            String code = key.find() ? java.net.URLDecoder.decode(key.group(1), StandardCharsets.UTF_8)
                    : inBody.find() ? inBody.group(1) : null;
            if (code != null) {
                written.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** The code in a message text: the JSON the service sends, possibly Base64-encoded. */
    private static String codeOf(String text) {
        String json = text.trim().startsWith("{") ? text : decode(text);
        Matcher code = CODE.matcher(json.replace("&quot;", "\""));
        return code.find() ? code.group(1) : null;
    }

    private static String decode(String text) {
        try {
            return new String(Base64.getDecoder().decode(text.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}

package dev.integratedauth.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;

/**
 * The benchmark's floor: a plain Vert.x program that does exactly the service's network work per code, and nothing
 * else: no framework, no SDK, no metrics, no retries. Per {@code GET /api/v1/getcode} (HTTP/1.1 in, keep-alive):
 * <ol>
 * <li>{@code GET} the RandomNumber API over TLS with the key in {@code x-functions-key};</li>
 * <li>the code, made as the service makes it (three letters, the number, three letters, a microsecond timestamp);</li>
 * <li>{@code POST} the queue message ({@code <QueueMessage><MessageText>{"code":...}</MessageText></QueueMessage>})
 * to Queue Storage over TLS with a bearer token and {@code x-ms-version};</li>
 * <li>on the queue's 201, {@code POST} the code's entity to the codes' table (Table Storage, same bearer token, no
 * content back), as the service records every code;</li>
 * <li>on the table's 204, {@code 200 {"code":...,"timestamp":...}}; otherwise 503.</li>
 * </ol>
 * Before it listens it gets, once, what the service also gets once: a Key Vault token and a Storage token from Entra
 * (client credentials) and the key from Key Vault. Same TLS trust as the service (the local certificate only), one
 * server verticle and one pooled HTTP client per event loop, as plain Vert.x programs are written.
 * <p>
 * Usage: {@code Floor <port> <https port> <queue port> <certificate pem> <tenant> <client id> <client secret>
 * <secret name> [event loops]}.
 */
public final class Floor {

    private static final char[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** The Queue Storage REST version the SDK in use sends. */
    private static final String STORAGE_VERSION = "2025-11-05";

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int httpsPort = Integer.parseInt(args[1]);
        int queuePort = Integer.parseInt(args[2]);
        String certificate = args[3];
        String tenant = args[4];
        String clientId = args[5];
        String clientSecret = args[6];
        String secretName = args[7];
        int loops = args.length > 8 ? Integer.parseInt(args[8]) : 2 * Runtime.getRuntime().availableProcessors();

        Vertx vertx = Vertx.vertx();
        HttpClientOptions tls = new HttpClientOptions().setSsl(true).setTrustOptions(new PemTrustOptions()
                .addCertPath(certificate)).setDefaultHost("127.0.0.1").setTcpNoDelay(true).setKeepAlive(true);
        // Once, at start: two tokens and the key.
        HttpClient setup = vertx.createHttpClient(tls);
        Secrets secrets = token(setup, httpsPort, tenant, clientId, clientSecret, "https://vault.azure.net")
                .compose(vaultToken -> setup.request(new RequestOptions().setMethod(HttpMethod.GET)
                                .setPort(httpsPort).setURI("/secrets/" + secretName + "/?api-version=7.6")
                                .putHeader("Authorization", "Bearer " + vaultToken))
                        .compose(request -> request.send().compose(response -> response.body()))
                        .map(body -> new JsonObject(body).getString("value")))
                .compose(key -> token(setup, httpsPort, tenant, clientId, clientSecret, "https://storage.azure.com")
                        .map(storageToken -> new Secrets(key, "Bearer " + storageToken)))
                .toCompletionStage().toCompletableFuture().join();
        setup.close();

        vertx.deployVerticle(() -> new CodeVerticle(port, httpsPort, queuePort, tls, secrets),
                new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().join();
        System.out.println("Floor up: http " + port + ", event loops " + loops);
    }

    record Secrets(String apiKey, String authorization) {
    }

    private static Future<String> token(HttpClient client, int port, String tenant, String clientId, String secret,
            String resource) {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
                + encode(secret) + "&scope=" + encode(resource + "/.default");
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port)
                        .setURI("/" + tenant + "/oauth2/v2.0/token")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded"))
                .compose(request -> request.send(form).compose(response -> response.body()))
                .map(body -> new JsonObject(body).getString("access_token"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The server on one event loop, with its own connection pool to the stubs. */
    static final class CodeVerticle extends AbstractVerticle {
        private final int port;
        private final RequestOptions api;
        private final RequestOptions queue;
        private final RequestOptions table;
        private final HttpClientOptions tls;
        private HttpClient client;

        CodeVerticle(int port, int httpsPort, int queuePort, HttpClientOptions tls, Secrets secrets) {
            this.port = port;
            this.tls = tls;
            this.api = new RequestOptions().setMethod(HttpMethod.GET).setPort(httpsPort).setURI("/api/RandomNumber")
                    .putHeader("x-functions-key", secrets.apiKey());
            this.queue = new RequestOptions().setMethod(HttpMethod.POST).setPort(queuePort)
                    .setURI("/devstoreaccount1/code-requests/messages")
                    .putHeader("Authorization", secrets.authorization())
                    .putHeader("x-ms-version", STORAGE_VERSION)
                    .putHeader("Content-Type", "application/xml");
            this.table = new RequestOptions().setMethod(HttpMethod.POST).setPort(queuePort)
                    .setURI("/devstoreaccount1/codes")
                    .putHeader("Authorization", secrets.authorization())
                    .putHeader("x-ms-version", "2019-02-02")
                    .putHeader("Accept", "application/json;odata=minimalmetadata")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Prefer", "return-no-content");
        }

        @Override
        public void start(Promise<Void> started) {
            client = vertx.createHttpClient(tls, new PoolOptions().setHttp1MaxSize(64));
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                    .requestHandler(this::handle).listen().<Void>mapEmpty().onComplete(started);
        }

        private void handle(HttpServerRequest request) {
            if (!request.path().equals("/api/v1/getcode")) {
                request.response().setStatusCode(404).end();
                return;
            }
            client.request(api)
                    .compose(get -> get.send().compose(response -> response.statusCode() == 200
                            ? response.body() : Future.failedFuture("API " + response.statusCode())))
                    .compose(body -> {
                        String json = code(new JsonObject(body).getInteger("value"));
                        Buffer message = Buffer.buffer("<?xml version=\"1.0\" encoding=\"UTF-8\"?><QueueMessage>"
                                + "<MessageText>" + json + "</MessageText></QueueMessage>");
                        return client.request(queue).compose(post -> post.send(message)
                                .compose(response -> response.body().map(ignored -> {
                                    if (response.statusCode() != 201) {
                                        throw new IllegalStateException("queue " + response.statusCode());
                                    }
                                    return json;
                                })))
                                .compose(queued -> client.request(table).compose(post -> post.send(Buffer.buffer(
                                        "{\"PartitionKey\":\"" + queued.substring(9, 12) + "\",\"RowKey\":\""
                                                + queued.substring(9, queued.indexOf('"', 9)) + "\"}"))
                                        .compose(response -> response.body().map(ignored -> {
                                            if (response.statusCode() != 204) {
                                                throw new IllegalStateException("table " + response.statusCode());
                                            }
                                            return queued;
                                        }))));
                    })
                    .onSuccess(json -> request.response().putHeader("Content-Type", "application/json").end(json))
                    .onFailure(e -> request.response().setStatusCode(503).end());
        }

        private static String code(int number) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            StringBuilder code = new StringBuilder(64).append("{\"code\":\"");
            for (int i = 0; i < 3; i++) {
                code.append(LETTERS[random.nextInt(LETTERS.length)]);
            }
            code.append('-').append(number).append('-');
            for (int i = 0; i < 3; i++) {
                code.append(LETTERS[random.nextInt(LETTERS.length)]);
            }
            return code.append("\",\"timestamp\":\"")
                    .append(TIMESTAMP.format(Instant.now().truncatedTo(ChronoUnit.MICROS))).append("\"}").toString();
        }
    }
}

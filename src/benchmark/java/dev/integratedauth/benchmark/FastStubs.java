package dev.integratedauth.benchmark;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.integratedauth.localazure.BenchmarkEntra;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;

import dev.integratedauth.localazure.LocalAzureEndpoints;

/**
 * Fast local downstream stubs for the benchmark, plain Vert.x over TLS with the build's local certificate, all on
 * 127.0.0.1. They speak the same protocols as the local Azure (WireMock + Azurite), without their per-request cost:
 * <ul>
 * <li>Entra: {@code POST /{tenant}/oauth2/v2.0/token} (client credentials) with a JWT whose {@code aud} is the
 * scope's resource;</li>
 * <li>Key Vault: {@code GET /secrets/{name}/}: the 401 challenge without a bearer token, else the secret;</li>
 * <li>RandomNumber: {@code GET /api/RandomNumber}: 401 without the function key, else {@code {"value": n}};</li>
 * <li>Queue Storage: {@code POST /devstoreaccount1/code-requests/messages}: 201 with the real
 * {@code QueueMessagesList} XML;</li>
 * <li>Table Storage, on the queue's port: {@code POST /devstoreaccount1/codes} (insert an entity, no content back):
 * 204 with an ETag;</li>
 * <li>managed identity, as Container Apps serves it (plain HTTP, on the stats port):
 * {@code GET /msi/token?resource=...} with the {@code X-IDENTITY-HEADER} secret;</li>
 * <li>the local Entra as the issuer of the service's callers: its OpenID configuration and keys on the HTTPS port,
 * and callers' tokens at {@code GET /caller-tokens?count=N} on the stats port ({@link BenchmarkEntra}).</li>
 * </ul>
 * Usage: {@code FastStubs <https port> <queue port> <stats port> <p12> <password> <tenant> <client id> <secret>
 * <secret name> <api key> [event loops]}. {@code GET http://127.0.0.1:<stats port>/stats} gives the counters.
 */
public final class FastStubs {

    static final LongAdder TOKENS = new LongAdder();
    static final LongAdder VAULT_CHALLENGES = new LongAdder();
    static final LongAdder VAULT_READS = new LongAdder();
    static final LongAdder NUMBERS = new LongAdder();
    static final LongAdder MESSAGES = new LongAdder();
    static final LongAdder ENTITIES = new LongAdder();
    static final LongAdder REJECTED = new LongAdder();
    /** TLS connections accepted: with connection reuse, a handful per run, not one per code. */
    static final LongAdder CONNECTIONS = new LongAdder();
    static final LongAdder QUEUE_CONNECTIONS = new LongAdder();
    static final AtomicReference<String> LAST_MESSAGE = new AtomicReference<>("");
    static final AtomicReference<String> FIRST_QUEUE_REQUEST = new AtomicReference<>();

    /** As Queue Storage writes dates: always two-digit days (azure-core's DateTimeRfc1123 insists). */
    private static final DateTimeFormatter RFC1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the stubs (arguments as for {@link #main}); closing the returned Vert.x stops them. */
    static Vertx start(String... args) {
        int httpsPort = Integer.parseInt(args[0]);
        int queuePort = Integer.parseInt(args[1]);
        int statsPort = Integer.parseInt(args[2]);
        String p12 = args[3];
        String password = args[4];
        String tenant = args[5];
        String clientId = args[6];
        String clientSecret = args[7];
        String secretName = args[8];
        String apiKey = args[9];
        int loops = args.length > 10 ? Integer.parseInt(args[10]) : 1;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        BenchmarkEntra entra = new BenchmarkEntra(
                new LocalAzureEndpoints(statsPort, httpsPort, queuePort, queuePort).authorityHost(),
                Path.of(p12).toAbsolutePath().getParent());
        Config config = new Config(httpsPort, tenant, clientId, clientSecret, secretName, apiKey, entra);
        HttpServerOptions tls = new HttpServerOptions().setHost("127.0.0.1").setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(p12).setPassword(password))
                .setTcpNoDelay(true).setCompressionSupported(false);
        DeploymentOptions instances = new DeploymentOptions().setInstances(loops);

        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                Future.all(
                        vertx.createHttpServer(new HttpServerOptions(tls).setPort(httpsPort))
                                .connectionHandler(connection -> CONNECTIONS.increment())
                                .requestHandler(request -> azure(request, config)).listen(),
                        vertx.createHttpServer(new HttpServerOptions(tls).setPort(queuePort))
                                .connectionHandler(connection -> QUEUE_CONNECTIONS.increment())
                                .requestHandler(FastStubs::queue).listen())
                        .<Void>mapEmpty().onComplete(started);
            }
        }, instances).toCompletionStage().toCompletableFuture().join();

        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(statsPort))
                .requestHandler(request -> stats(request, entra)).listen().toCompletionStage().toCompletableFuture().join();
        System.out.println("FastStubs up: https " + httpsPort + ", queue " + queuePort + ", stats " + statsPort
                + ", event loops " + loops);
        return vertx;
    }

    record Config(int port, String tenant, String clientId, String clientSecret, String secretName, String apiKey,
            BenchmarkEntra entra) {
    }

    private static void azure(HttpServerRequest request, Config config) {
        String path = request.path();
        if (path.equals("/api/RandomNumber")) {
            if (!config.apiKey().equals(request.getHeader("x-functions-key"))) {
                REJECTED.increment();
                request.response().setStatusCode(401).end();
                return;
            }
            NUMBERS.increment();
            request.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("{\"value\": " + ThreadLocalRandom.current().nextInt(1, 1001) + "}");
        } else if (path.startsWith("/secrets/") && request.method().name().equals("GET")) {
            keyVault(request, config);
        } else if (path.equals(BenchmarkEntra.openIdConfigurationPath())) {
            request.response().putHeader("Content-Type", "application/json").end(config.entra().openIdConfiguration());
        } else if (path.equals(BenchmarkEntra.keysPath())) {
            request.response().putHeader("Content-Type", "application/json").end(config.entra().keys());
        } else if (path.equals("/" + config.tenant() + "/oauth2/v2.0/token")
                && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> token(request, body, config));
        } else {
            REJECTED.increment();
            request.response().setStatusCode(404).end();
        }
    }

    private static void keyVault(HttpServerRequest request, Config config) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !"https://vault.azure.net".equals(audience(authorization.substring(7)))) {
            VAULT_CHALLENGES.increment();
            request.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                            + config.tenant() + "\", resource=\"https://vault.azure.net\"")
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10000: Request is missing a Bearer or PoP token.\"}}");
            return;
        }
        String[] parts = request.path().split("/");
        if (parts.length < 3 || !config.secretName().equals(parts[2])) {
            REJECTED.increment();
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"error\":{\"code\":\"SecretNotFound\",\"message\":\"not found\"}}");
            return;
        }
        VAULT_READS.increment();
        long now = System.currentTimeMillis() / 1000;
        request.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .end("{\"value\":\"" + config.apiKey() + "\",\"id\":\"https://127.0.0.1:" + config.port()
                        + "/secrets/" + config.secretName() + "/0123456789abcdef0123456789abcdef\","
                        + "\"attributes\":{\"enabled\":true,\"created\":" + now + ",\"updated\":" + now
                        + ",\"recoveryLevel\":\"Recoverable+Purgeable\"}}");
    }

    private static void token(HttpServerRequest request, Buffer body, Config config) {
        String scope = null;
        String clientId = null;
        String secret = null;
        String grant = null;
        for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (pair.substring(0, eq)) {
                case "scope" -> scope = value;
                case "client_id" -> clientId = value;
                case "client_secret" -> secret = value;
                case "grant_type" -> grant = value;
                default -> { }
            }
        }
        String audience = null;
        if (scope != null) {
            for (String part : scope.split(" ")) {
                if (part.endsWith("/.default")) {
                    audience = part.substring(0, part.length() - "/.default".length());
                }
            }
        }
        if (!"client_credentials".equals(grant) || !config.clientId().equals(clientId)
                || !config.clientSecret().equals(secret) || audience == null) {
            REJECTED.increment();
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"invalid_request\"}");
            return;
        }
        TOKENS.increment();
        String correlation = request.getHeader("client-request-id");
        if (correlation != null) {
            request.response().putHeader("client-request-id", correlation);
        }
        String jwt = jwt(audience, config.tenant(), clientId);
        request.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .end("{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,\"access_token\":\""
                        + jwt + "\"}");
    }

    private static void managedIdentity(HttpServerRequest request) {
        String resource = request.getParam("resource");
        if (!LocalAzureEndpoints.MANAGED_IDENTITY_HEADER.equals(request.getHeader("X-IDENTITY-HEADER"))
                || resource == null || resource.isEmpty()) {
            REJECTED.increment();
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"invalid_request\"}");
            return;
        }
        TOKENS.increment();
        String audience = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
        long expiresOn = System.currentTimeMillis() / 1000 + 3600;
        request.response().putHeader("Content-Type", "application/json")
                .end("{\"access_token\":\"" + jwt(audience, LocalAzureEndpoints.TENANT_ID, LocalAzureEndpoints.CLIENT_ID)
                        + "\",\"expires_on\":\"" + expiresOn + "\",\"resource\":\"" + resource
                        + "\",\"token_type\":\"Bearer\",\"client_id\":\"" + LocalAzureEndpoints.CLIENT_ID + "\"}");
    }

    /** An unsigned JWT for {@code audience}, valid for an hour. */
    private static String jwt(String audience, String tenant, String clientId) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"aud\":\"" + audience + "\",\"iss\":\"https://sts.windows.net/" + tenant
                + "/\",\"iat\":" + (now - 60) + ",\"nbf\":" + (now - 60) + ",\"exp\":" + (now + 3600)
                + ",\"tid\":\"" + tenant + "\",\"appid\":\"" + clientId + "\",\"oid\":\"" + clientId
                + "\",\"sub\":\"" + clientId + "\"}";
        return B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    /** The {@code aud} claim of a token minted here, or null. */
    static String audience(String jwt) {
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(jwt.substring(first + 1, second)),
                    StandardCharsets.UTF_8);
            int start = claims.indexOf("\"aud\":\"");
            return start < 0 ? null : claims.substring(start + 7, claims.indexOf('"', start + 7));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void queue(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (request.method().name().equals("POST") && request.path().equals("/devstoreaccount1/codes")) {
            table(request, authorization);
            return;
        }
        if (!request.method().name().equals("POST")
                || !request.path().equals("/devstoreaccount1/code-requests/messages")) {
            REJECTED.increment();
            request.response().setStatusCode(404).end();
            return;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !"https://storage.azure.com".equals(audience(authorization.substring(7)))
                || request.getHeader("x-ms-version") == null) {
            REJECTED.increment();
            request.response().setStatusCode(403).putHeader("Content-Type", "application/xml")
                    .end("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
                            + "<Message>No valid bearer token or x-ms-version.</Message></Error>");
            return;
        }
        request.body().onSuccess(body -> {
            String xml = body.toString(StandardCharsets.UTF_8);
            int start = xml.indexOf("<MessageText>");
            int end = xml.indexOf("</MessageText>");
            if (start < 0 || end < start) {
                REJECTED.increment();
                request.response().setStatusCode(400).putHeader("Content-Type", "application/xml")
                        .end("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>InvalidXmlDocument</Code>"
                                + "<Message>No MessageText.</Message></Error>");
                return;
            }
            if (FIRST_QUEUE_REQUEST.get() == null) {
                StringBuilder dump = new StringBuilder(request.method() + " " + request.uri() + "\n");
                request.headers().forEach(h -> dump.append(h.getKey()).append(": ")
                        .append(h.getKey().equalsIgnoreCase("Authorization") ? "Bearer <redacted>" : h.getValue())
                        .append('\n'));
                FIRST_QUEUE_REQUEST.compareAndSet(null, dump.append('\n').append(xml).toString());
            }
            MESSAGES.increment();
            LAST_MESSAGE.set(xml.substring(start + "<MessageText>".length(), end));
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            String id = UUID.randomUUID().toString();
            request.response().setStatusCode(201)
                    .putHeader("Content-Type", "application/xml")
                    .putHeader("x-ms-request-id", id)
                    .putHeader("x-ms-version", request.getHeader("x-ms-version"))
                    .putHeader("Date", RFC1123.format(now))
                    .end("<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage><MessageId>" + id
                            + "</MessageId><InsertionTime>" + RFC1123.format(now)
                            + "</InsertionTime><ExpirationTime>" + RFC1123.format(now.plusDays(7))
                            + "</ExpirationTime><PopReceipt>AgAAAAMAAAAAAAAA" + Long.toHexString(System.nanoTime())
                            + "</PopReceipt><TimeNextVisible>" + RFC1123.format(now)
                            + "</TimeNextVisible></QueueMessage></QueueMessagesList>");
        });
    }

    /** Insert Entity with {@code Prefer: return-no-content}, as the service sends it. */
    private static void table(HttpServerRequest request, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !"https://storage.azure.com".equals(audience(authorization.substring(7)))) {
            REJECTED.increment();
            request.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                    .end("{\"odata.error\":{\"code\":\"AuthenticationFailed\",\"message\":{\"value\":\"No valid bearer "
                            + "token.\"}}}");
            return;
        }
        request.body().onSuccess(body -> {
            ENTITIES.increment();
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            request.response().setStatusCode(204)
                    .putHeader("ETag", "W/\"datetime'" + now.toInstant() + "'\"")
                    .putHeader("Preference-Applied", "return-no-content")
                    .putHeader("x-ms-request-id", UUID.randomUUID().toString())
                    .putHeader("Date", RFC1123.format(now))
                    .end();
        });
    }

    private static void stats(HttpServerRequest request, BenchmarkEntra entra) {
        if (request.path().equals("/caller-tokens")) {
            // GET /caller-tokens?count=N: the tokens of callers 1..N, one a line, for the load generator.
            int count = Integer.parseInt(request.getParam("count", "1"));
            StringBuilder tokens = new StringBuilder();
            for (int n = 1; n <= count; n++) {
                tokens.append(entra.callerToken(n)).append('\n');
            }
            request.response().putHeader("Content-Type", "text/plain").end(tokens.toString());
            return;
        }
        if (request.path().equals("/msi/token")) {
            managedIdentity(request);
            return;
        }
        if (request.path().equals("/first-queue-request")) {
            String first = FIRST_QUEUE_REQUEST.get();
            request.response().putHeader("Content-Type", "text/plain").end(first == null ? "" : first);
            return;
        }
        request.response().putHeader("Content-Type", "application/json")
                .end("{\"tokens\":" + TOKENS.sum() + ",\"keyVaultChallenges\":" + VAULT_CHALLENGES.sum()
                        + ",\"keyVaultReads\":" + VAULT_READS.sum() + ",\"randomNumbers\":" + NUMBERS.sum()
                        + ",\"queueMessages\":" + MESSAGES.sum() + ",\"entities\":" + ENTITIES.sum()
                        + ",\"connections\":" + CONNECTIONS.sum()
                        + ",\"queueConnections\":" + QUEUE_CONNECTIONS.sum() + ",\"rejected\":" + REJECTED.sum()
                        + ",\"lastMessage\":\"" + LAST_MESSAGE.get().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"}");
    }
}

package dev.integratedauth.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.integratedauth.localazure.LocalTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;

/**
 * A TLS proxy in front of Azurite that can fail on demand: Queue Storage errors that Azurite cannot be made to
 * produce. It verifies Azurite's certificate like any client (trusting only the local certificate).
 */
public final class QueueFaultProxy implements AutoCloseable {

    public enum Mode {
        PASS, FORBIDDEN, SERVER_ERROR, HANG, FAIL_HALF
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient azurite;
    private volatile Mode mode = Mode.PASS;

    public QueueFaultProxy(int port, int azuritePort, LocalTls tls) {
        this.azurite = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.certificate().toAbsolutePath().toString()))
                .setDefaultHost("127.0.0.1").setDefaultPort(azuritePort));
        this.server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore().toAbsolutePath().toString())
                        .setPassword(tls.password())))
                .requestHandler(this::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Queue fault proxy cannot listen on " + port, e);
        }
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    private void handle(HttpServerRequest request) {
        Mode now = mode == Mode.FAIL_HALF
                ? (ThreadLocalRandom.current().nextBoolean() ? Mode.SERVER_ERROR : Mode.PASS)
                : mode;
        switch (now) {
            case FORBIDDEN -> storageError(request, 403, "AuthorizationPermissionMismatch",
                    "This request is not authorized to perform this operation using this permission.");
            case SERVER_ERROR -> storageError(request, 500, "InternalError", "The server encountered an internal error.");
            case HANG -> request.pause();
            default -> forward(request);
        }
    }

    private void forward(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri())
                    .setHeaders(request.headers());
            azurite.request(options)
                    .compose(upstream -> upstream.send(body))
                    .onSuccess(response -> response.body().onSuccess(responseBody -> {
                        request.response().setStatusCode(response.statusCode());
                        request.response().headers().addAll(response.headers());
                        request.response().end(responseBody);
                    }))
                    .onFailure(e -> request.response().setStatusCode(502).end());
        });
    }

    private static void storageError(HttpServerRequest request, int status, String code, String message) {
        request.body().onSuccess(ignored -> request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/xml")
                .putHeader("x-ms-error-code", code)
                .end("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error>"));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

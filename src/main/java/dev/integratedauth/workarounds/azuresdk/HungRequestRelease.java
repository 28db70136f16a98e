package dev.integratedauth.workarounds.azuresdk;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebsocketVersion;
import io.vertx.core.net.SSLOptions;

/**
 * The SDK's Vert.x HTTP client with every request bounded on Vert.x's side: one that gets no data for the response
 * timeout is reset, which closes its connection, and one that gets no connection (new or from the pool) within the
 * connect timeout fails.
 * <p>
 * Why: azure-core-http-vertx 1.1.4 times a response out with {@code Future.timeout}, which fails the SDK's call and
 * leaves the Vert.x request in flight; a call the SDK or a caller cancels is left in flight too. A request that Queue
 * or Table Storage never answers therefore held its pooled connection until the connection's read idle timeout
 * (about a minute), and requests queued behind such connections, for the pool, without bound. In the chaos run that
 * was tens of seconds of timed-out sends after a hang had ended; at production rates one hang would fill the pool.
 * <p>
 * The SDK's client takes any Vert.x {@code HttpClient}, but it is a package-private class with a package-private
 * constructor, which this calls by reflection.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core-http-vertx 1.1.4; upstream: not filed (the same fault in another
 * Vert.x client: quarkiverse/quarkus-cxf#2240). Remove when the SDK's client sets the request's own timeout; {@code AzureSdkCanaryTest#hungRequestReleaseStillNeeded} fails then.
 */
public final class HungRequestRelease implements HttpClient {

    /** The SDK's client: package-private, made by its builder only. */
    public static final String SDK_CLIENT = "com.azure.core.http.vertx.VertxHttpClient";

    private final HttpClient inner;
    private final long idleMillis;
    private final long leaseMillis;

    private HungRequestRelease(HttpClient inner, Duration responseTimeout, Duration connectTimeout) {
        this.inner = inner;
        this.idleMillis = responseTimeout.toMillis();
        this.leaseMillis = connectTimeout.toMillis();
    }

    /** The SDK's client over a Vert.x client made with {@code options}, its requests bounded as described above. */
    public static com.azure.core.http.HttpClient azureClient(Vertx vertx, HttpClientOptions options,
            Duration responseTimeout) {
        HttpClient bounded = new HungRequestRelease(vertx.createHttpClient(options), responseTimeout,
                Duration.ofMillis(options.getConnectTimeout()));
        try {
            Constructor<?> constructor = Class.forName(SDK_CLIENT).getDeclaredConstructor(HttpClient.class,
                    HttpClientOptions.class, Duration.class);
            constructor.setAccessible(true);
            return (com.azure.core.http.HttpClient) constructor.newInstance(bounded, options, responseTimeout);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("azure-core-http-vertx's client changed: review "
                    + HungRequestRelease.class.getName(), e);
        }
    }

    private RequestOptions bounded(RequestOptions options) {
        if (options.getIdleTimeout() < 0) {
            options.setIdleTimeout(idleMillis);
        }
        if (options.getConnectTimeout() < 0) {
            options.setConnectTimeout(leaseMillis);
        }
        return options;
    }

    @Override
    public Future<HttpClientRequest> request(RequestOptions options) {
        return inner.request(bounded(options));
    }

    @Override
    public void request(RequestOptions options, Handler<AsyncResult<HttpClientRequest>> handler) {
        inner.request(bounded(options), handler);
    }

    // Everything else as the Vert.x client does it (the SDK calls none of it).

    @Override
    public void request(HttpMethod method, int port, String host, String requestURI,
            Handler<AsyncResult<HttpClientRequest>> handler) {
        request(new RequestOptions().setMethod(method).setPort(port).setHost(host).setURI(requestURI), handler);
    }

    @Override
    public void request(HttpMethod method, String host, String requestURI,
            Handler<AsyncResult<HttpClientRequest>> handler) {
        request(new RequestOptions().setMethod(method).setHost(host).setURI(requestURI), handler);
    }

    @Override
    public void request(HttpMethod method, String requestURI, Handler<AsyncResult<HttpClientRequest>> handler) {
        request(new RequestOptions().setMethod(method).setURI(requestURI), handler);
    }

    @Override
    @Deprecated
    public void webSocket(int port, String host, String requestURI, Handler<AsyncResult<WebSocket>> handler) {
        inner.webSocket(port, host, requestURI, handler);
    }

    @Override
    @Deprecated
    public Future<WebSocket> webSocket(int port, String host, String requestURI) {
        return inner.webSocket(port, host, requestURI);
    }

    @Override
    @Deprecated
    public void webSocket(String host, String requestURI, Handler<AsyncResult<WebSocket>> handler) {
        inner.webSocket(host, requestURI, handler);
    }

    @Override
    @Deprecated
    public Future<WebSocket> webSocket(String host, String requestURI) {
        return inner.webSocket(host, requestURI);
    }

    @Override
    @Deprecated
    public void webSocket(String requestURI, Handler<AsyncResult<WebSocket>> handler) {
        inner.webSocket(requestURI, handler);
    }

    @Override
    @Deprecated
    public Future<WebSocket> webSocket(String requestURI) {
        return inner.webSocket(requestURI);
    }

    @Override
    @Deprecated
    public void webSocket(WebSocketConnectOptions options, Handler<AsyncResult<WebSocket>> handler) {
        inner.webSocket(options, handler);
    }

    @Override
    @Deprecated
    public Future<WebSocket> webSocket(WebSocketConnectOptions options) {
        return inner.webSocket(options);
    }

    @Override
    @Deprecated
    public void webSocketAbs(String url, MultiMap headers, WebsocketVersion version, List<String> subProtocols,
            Handler<AsyncResult<WebSocket>> handler) {
        inner.webSocketAbs(url, headers, version, subProtocols, handler);
    }

    @Override
    @Deprecated
    public Future<WebSocket> webSocketAbs(String url, MultiMap headers, WebsocketVersion version,
            List<String> subProtocols) {
        return inner.webSocketAbs(url, headers, version, subProtocols);
    }

    @Override
    public Future<Boolean> updateSSLOptions(SSLOptions options, boolean force) {
        return inner.updateSSLOptions(options, force);
    }

    @Override
    @Deprecated
    public HttpClient connectionHandler(Handler<HttpConnection> handler) {
        inner.connectionHandler(handler);
        return this;
    }

    @Override
    @Deprecated
    public HttpClient redirectHandler(Function<HttpClientResponse, Future<RequestOptions>> handler) {
        inner.redirectHandler(handler);
        return this;
    }

    @Override
    @Deprecated
    public Function<HttpClientResponse, Future<RequestOptions>> redirectHandler() {
        return inner.redirectHandler();
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        inner.close(handler);
    }

    @Override
    public Future<Void> close() {
        return inner.close();
    }

    @Override
    public boolean isMetricsEnabled() {
        return inner.isMetricsEnabled();
    }
}

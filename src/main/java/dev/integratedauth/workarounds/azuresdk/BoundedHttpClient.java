package dev.integratedauth.workarounds.azuresdk;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.core.util.CoreUtils;
import com.azure.core.util.FluxUtil;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SDK's HTTP client with a bound on what it reads back: an answer whose {@code Content-Length} is over
 * {@code app.azure.http.max-response-size} fails as soon as its head arrives, and a body without one fails as soon as
 * the bytes read pass the limit (the read is cancelled, so no more of it is taken). Key Vault's secret, Queue and Table
 * Storage's answers and Entra's tokens are a few KiB.
 * <p>
 * Below every pipeline policy, so {@link ReadErrorBodyPolicy}'s read of an error body is bounded too.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1; upstream: by design, the SDK has no limit on an
 * answer's size. No canary: keep while it has none.
 */
public final class BoundedHttpClient implements HttpClient {

    private final HttpClient inner;
    private final long maxBytes;

    public BoundedHttpClient(HttpClient inner, long maxBytes) {
        this.inner = inner;
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return inner.send(request, context).flatMap(response -> {
            String declared = response.getHeaderValue(HttpHeaderName.CONTENT_LENGTH);
            if (declared != null && parse(declared) > maxBytes) {
                // Not closed: azure-core-http-vertx 1.1.4's close() of an unread response throws (and frees
                // nothing). Left paused and unread, the request is reset by its idle timeout (HungRequestRelease).
                return Mono.error(new AzureResponseTooLargeException(request, declared + " bytes declared", maxBytes));
            }
            return Mono.just((HttpResponse) new BoundedResponse(response, maxBytes));
        });
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not a length: nothing this client should read
        }
    }

    /** A response whose body fails once more than {@code maxBytes} of it have been read. */
    private static final class BoundedResponse extends HttpResponse {
        private final HttpResponse inner;
        private final long maxBytes;

        BoundedResponse(HttpResponse inner, long maxBytes) {
            super(inner.getRequest());
            this.inner = inner;
            this.maxBytes = maxBytes;
        }

        @Override
        public int getStatusCode() {
            return inner.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return inner.getHeaderValue(name);
        }

        @Override
        public String getHeaderValue(HttpHeaderName name) {
            return inner.getHeaderValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return inner.getHeaders();
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.defer(() -> {
                long[] read = {0};
                return inner.getBody().handle((buffer, sink) -> {
                    read[0] += buffer.remaining();
                    if (read[0] > maxBytes) {
                        sink.error(new AzureResponseTooLargeException(getRequest(), "over " + maxBytes
                                + " bytes read", maxBytes));
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return FluxUtil.collectBytesInByteBufferStream(getBody());
        }

        @Override
        public Mono<String> getBodyAsString() {
            // As the SDK's own responses decode: a BOM or the Content-Type's charset, else UTF-8.
            return getBodyAsByteArray()
                    .map(bytes -> CoreUtils.bomAwareToString(bytes, getHeaderValue(HttpHeaderName.CONTENT_TYPE)));
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return getBodyAsByteArray().map(bytes -> new String(bytes, charset));
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}

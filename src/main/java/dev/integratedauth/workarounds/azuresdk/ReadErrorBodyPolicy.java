package dev.integratedauth.workarounds.azuresdk;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the body of every error response (status 400 and up) before the SDK sees it.
 * <p>
 * Why: the SDK closes error responses it does not read (the Key Vault 401 challenge, retried 429/5xx), and
 * azure-core-http-vertx 1.1.4 then ends the already finished request again, which Vert.x logs as a
 * {@code NoSuchElementException} warning on every challenge. A fully read, buffered response makes that close a no-op.
 * Error bodies are small, so buffering them costs nothing.
 * <p> <b>Workaround</b> (docs/workarounds.md) of azure-core-http-vertx 1.1.4 ({@code VertxHttpResponse.close()});
 * upstream: none filed (the build cannot take 1.1.5, which is not served). Remove when
 * {@code AzureSdkCanaryTest#readErrorBodyPolicyStillNeeded} fails.
 */
public final class ReadErrorBodyPolicy implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().flatMap(response -> response.getStatusCode() < 400
                ? Mono.just(response)
                : response.getBodyAsByteArray()
                        .defaultIfEmpty(new byte[0])
                        .map(body -> (HttpResponse) new ReadErrorResponse(response, body)));
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    /** An error response whose body is already in memory; closing it has nothing left to release. */
    private static final class ReadErrorResponse extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        ReadErrorResponse(HttpResponse response, byte[] body) {
            super(response.getRequest());
            this.status = response.getStatusCode();
            this.headers = response.getHeaders();
            this.body = body;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.defer(() -> Flux.just(ByteBuffer.wrap(body)));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(body);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just(new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(new String(body, charset));
        }

        @Override
        public void close() {
            // Nothing to release: the body was read to the end.
        }
    }
}

package dev.integratedauth.workarounds.azuresdk;

import java.nio.ByteBuffer;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands a request body to the HTTP client as a stream rather than as bytes in memory; same bytes, same
 * {@code Content-Length} on the wire.
 * <p>
 * Why: azure-core-http-vertx 1.1.4 sends an in-memory body with {@code request.send(buffer).onFailure(promise::fail)},
 * a second failure listener on the response it already waits for. When the connection of a request that got no answer
 * is closed (a hung Queue Storage send: by the idle timeout, or at shutdown), both listeners fail the same promise, and
 * Vert.x logs {@code ERROR Uncaught exception ... IllegalStateException: Result is already complete}. A streamed body
 * takes the library's other path, {@code VertxRequestWriteSubscriber}, which only watches the write (hardened upstream
 * for this very error: Azure/azure-sdk-for-java#43399, PR #43402); the in-memory path is unchanged in the library's
 * current source. Bodies here are small (queue messages), so nothing is lost. Requests without a body (the consumer's
 * receives and deletes: {@code request.send().onFailure(promise::fail)}, the same double failure, found by the chaos
 * run while Queue Storage hung) get an empty streamed body with {@code Content-Length: 0}: the same bytes on the wire.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core-http-vertx 1.1.4 (the in-memory body path); upstream:
 * Azure/azure-sdk-for-java#43399 fixed the streamed path only. Remove when
 * {@code AzureSdkCanaryTest#streamedRequestBodyPolicyStillNeeded} fails.
 */
public final class StreamedRequestBodyPolicy implements HttpPipelinePolicy {

    /** Queue messages are at most 64 KiB; anything larger is left as the SDK made it. */
    private static final long MAX_BODY = 64 * 1024;

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        BinaryData body = request.getBodyAsBinaryData();
        // A streamed body has no known length, so a retried request is not converted twice.
        if (body == null && request.getHttpMethod() != HttpMethod.HEAD) {
            request.setBody(Flux.empty());
            request.setHeader(HttpHeaderName.CONTENT_LENGTH, "0");
        } else if (body != null && body.getLength() != null && body.getLength() <= MAX_BODY) {
            byte[] bytes = body.toBytes();
            // Content-Length, set by the SDK for the in-memory body, stays: the request is not sent chunked.
            request.setBody(Flux.defer(() -> Flux.just(ByteBuffer.wrap(bytes))));
        }
        return next.process();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}

package dev.integratedauth.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;

/**
 * Asks the HTTP client to read each response whole before handing it up ({@code azure-eagerly-read-response}).
 * <p>
 * Why: Table Storage answers an insert with {@code 204 No Content}, and the Tables SDK still reads that empty body;
 * azure-core-http-vertx 1.1.4 then waits for a body end that Vert.x has already delivered, until the server closes
 * the idle connection (seconds later). A buffered response has its body, empty or not, in memory at once. Table
 * answers are small JSON documents, so buffering them costs nothing.
 */
final class EagerlyReadResponsePolicy implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        context.setData("azure-eagerly-read-response", true);
        return next.process();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }
}

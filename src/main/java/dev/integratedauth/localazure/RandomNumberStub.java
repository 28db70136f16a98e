package dev.integratedauth.localazure;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * The original's {@code RandomNumber} Azure Function: function-level auth (the key in the {@code x-functions-key}
 * header or the {@code code} query parameter, 401 otherwise), {@code {"value": 1..1000}} labelled {@code text/plain} as
 * the Functions host does.
 */
final class RandomNumberStub extends LocalStub {

    static final String NAME = "local-random-number";

    private final AtomicReference<String> functionKey;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int latencyMillis;

    RandomNumberStub(String functionKey) {
        super(NAME);
        this.functionKey = new AtomicReference<>(functionKey);
    }

    void setFunctionKey(String key) {
        functionKey.set(key);
    }

    /** Answers this much later: a slow API. */
    void setLatency(java.time.Duration latency) {
        latencyMillis = (int) latency.toMillis();
    }

    /** Requests this stub has answered or is answering (keyed or not). */
    int calls() {
        return calls.get();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        calls.incrementAndGet();
        Request request = serveEvent.getRequest();
        String key = request.getHeader("x-functions-key");
        if (key == null) {
            QueryParameter code = request.queryParameter("code");
            key = code.isPresent() ? code.firstValue() : null;
        }
        if (!functionKey.get().equals(key)) {
            return aResponse().withStatus(401).build();
        }
        int value = ThreadLocalRandom.current().nextInt(1, 1001);
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody("{\"value\": " + value + "}")
                .withFixedDelay(latencyMillis)
                .build();
    }
}

package dev.integratedauth.randomnumber;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.common.Causes;
import dev.integratedauth.common.Retry;
import dev.integratedauth.workarounds.quarkus.HangUpSafeCalls;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Gets a number from the RandomNumber API and insists that it is one.
 * <ul>
 * <li>The key comes from {@link ThirdPartyApiKeyHolder}; if the API refuses it (401/403), the key is read from Key
 * Vault again and the call is tried once more, so a rotated key needs no restart.</li>
 * <li>Connection failures and 5xx/429 are retried with jittered exponential back-off.</li>
 * <li>A key that cannot be had fails with {@link KeyUnavailableException}; anything else the API does wrong with a
 * {@link RandomNumberApiException} or the transport's own failure.</li>
 * </ul>
 */
// Made at boot, not by the first request: building the REST client would take an event loop for a while.
@Startup
@ApplicationScoped
public class RandomNumberClient {

    /** The original function returns {@code random.randint(1, 1000)}. */
    static final int MIN = 1;
    static final int MAX = 1000;

    private final RandomNumberApi api;
    private final HangUpSafeCalls hangUps;
    private final ThirdPartyApiKeyHolder keys;
    private final ObjectMapper json;
    private final Retry retry;
    private final Duration keyWait;
    private final RandomNumberMetrics metrics;

    RandomNumberClient(@RestClient RandomNumberApi api, HangUpSafeCalls hangUps, ThirdPartyApiKeyHolder keys,
            ObjectMapper json, RandomNumberConfig config, RandomNumberMetrics metrics) {
        this.api = api;
        this.hangUps = hangUps;
        this.keys = keys;
        this.json = json;
        this.retry = config.retry();
        this.keyWait = config.key().maxWait();
        this.metrics = metrics;
    }

    public Uni<Integer> randomNumber() {
        return key().chain(key -> call(key)
                .onFailure(RandomNumberClient::keyRefused).recoverWithUni(refused -> {
                    keys.invalidate(key);
                    return key().chain(this::call);
                }));
    }

    private Uni<ThirdPartyApiKey> key() {
        // Bounded: a read that cannot finish in time is a key that is not available now (503, Retry-After), not a
        // request that ran out of time (504), so this is not a TimeoutException. Giving up cancels this caller's
        // copy only; the read goes on.
        return keys.key().ifNoItem().after(keyWait).failWith(() -> new IllegalStateException(
                "Key Vault read not done within " + keyWait))
                .onFailure().transform(e -> new KeyUnavailableException(e, keys.retryIn()));
    }

    private Uni<Integer> call(ThirdPartyApiKey key) {
        // A caller's hang-up reaches the REST client only once the request is on its connection (HangUpSafeCalls).
        Uni<Integer> call = metrics.calls().time(hangUps.call(() -> api.randomNumber(key.value())),
                RandomNumberClient::outcome).map(this::parse);
        return Retry.apply(retry, call, RandomNumberClient::worthRetrying);
    }

    int parse(String body) {
        JsonNode value;
        try {
            value = json.readTree(body == null ? "" : body).path("value");
        } catch (JsonProcessingException e) {
            throw new RandomNumberApiException.Garbage("a body that is not JSON");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new RandomNumberApiException.Garbage("no integer 'value'");
        }
        int number = value.intValue();
        if (number < MIN || number > MAX) {
            throw new RandomNumberApiException.Garbage("a value outside " + MIN + ".." + MAX);
        }
        return number;
    }

    private static boolean keyRefused(Throwable e) {
        return e instanceof RandomNumberApiException.Refused refused && refused.keyRefused();
    }

    /**
     * Safe to repeat: the request never reached the API, its connection was lost before an answer (the GET only asks
     * for a number), or the API itself failed. Not a read timeout.
     */
    private static boolean worthRetrying(Throwable e) {
        if (e instanceof RandomNumberApiException.Refused refused) {
            return refused.transientFailure();
        }
        return Causes.neverConnected(e) || Causes.connectionLost(e);
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "success";
        }
        if (failure instanceof RandomNumberApiException.Refused refused) {
            return refused.status() >= 500 ? "http_5xx" : "http_4xx";
        }
        return "error";
    }
}

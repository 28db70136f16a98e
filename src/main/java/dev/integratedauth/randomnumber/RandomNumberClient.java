package dev.integratedauth.randomnumber;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.azure.AzureConfig;
import dev.integratedauth.azure.ThirdPartyApiKey;
import dev.integratedauth.azure.ThirdPartyApiKeyHolder;
import dev.integratedauth.observability.Instrumentation;
import dev.integratedauth.problem.Causes;
import dev.integratedauth.problem.CodeNotIssuedException;
import dev.integratedauth.problem.FailureKind;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Gets a number from the RandomNumber API and insists that it is one.
 * <ul>
 * <li>The key comes from {@link ThirdPartyApiKeyHolder}; if the API refuses it (401/403), the key is read from
 * Key Vault again and the call is tried once more, so a rotated key needs no restart.</li>
 * <li>Connection failures and 5xx/429 are retried with jittered exponential back-off (Mutiny's retry).</li>
 * </ul>
 */
// Created at boot, not by the first request: building it (Jackson, the REST client, the Azure clients) loads
// classes for seconds on a cold JVM, which must not happen on an event loop.
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
    private final RandomNumberConfig.Retry retry;
    private final Instrumentation instrumentation; // operations hook: latency of each call
    private final Duration keyWait;

    RandomNumberClient(@RestClient RandomNumberApi api, HangUpSafeCalls hangUps, ThirdPartyApiKeyHolder keys,
            ObjectMapper json, RandomNumberConfig config, Instrumentation instrumentation, AzureConfig azure) {
        this.instrumentation = instrumentation;
        this.keyWait = azure.keyVault().maxWait();
        this.api = api;
        this.hangUps = hangUps;
        this.keys = keys;
        this.json = json;
        this.retry = config.retry();
    }

    public Uni<Integer> randomNumber() {
        return key().chain(key -> call(key)
                .onFailure(RandomNumberClient::keyRefused).recoverWithUni(refused -> {
                    keys.invalidate(key);
                    return key().chain(this::call);
                }))
                .onFailure().transform(e -> CodeNotIssuedException.of(FailureKind.THIRD_PARTY_API, e));
    }

    private Uni<ThirdPartyApiKey> key() {
        // Bounded: a read that cannot finish in time is a key that is not available now (503, Retry-After), not a
        // request that ran out of time (504), so this is not a TimeoutException. Giving up cancels this caller's
        // copy only; the read goes on.
        return keys.key().ifNoItem().after(keyWait).failWith(() -> new CodeNotIssuedException(
                FailureKind.KEY_VAULT, new IllegalStateException("Key Vault read not done within " + keyWait)))
                .onFailure().transform(e -> CodeNotIssuedException.of(FailureKind.KEY_VAULT, e));
    }

    private Uni<Integer> call(ThirdPartyApiKey key) {
        // A caller's hang-up reaches the REST client only once the request is on its connection (HangUpSafeCalls).
        Uni<Integer> call = instrumentation.thirdPartyCall(hangUps.call(() -> api.randomNumber(key.value())))
                .map(this::parse);
        if (retry.maxRetries() <= 0) {
            return call;
        }
        return call.onFailure(RandomNumberClient::worthRetrying).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).withJitter(0.5)
                .atMost(retry.maxRetries());
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

    /** Safe to repeat: the request never reached the API, or the API itself failed. Not a read timeout. */
    private static boolean worthRetrying(Throwable e) {
        if (e instanceof RandomNumberApiException.Refused refused) {
            return refused.transientFailure();
        }
        return Causes.neverConnected(e);
    }
}

package dev.integratedauth.observability;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;

import dev.integratedauth.health.QueueReachability;
import dev.integratedauth.metrics.CodeMetrics;
import dev.integratedauth.problem.CodeNotIssuedException;
import dev.integratedauth.randomnumber.RandomNumberApiException;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import reactor.core.publisher.Mono;

/**
 * The one place the request path reports to: each method wraps one step without changing its result, and the
 * existing classes call it in a single line (their "hooks"). It feeds {@link CodeMetrics} and
 * {@link QueueReachability}; it never sees the key's value or a token.
 */
// Created at boot, not by the first request: building it (Jackson, the REST client, the Azure clients) loads
// classes for seconds on a cold JVM, which must not happen on an event loop.
@Startup
@ApplicationScoped
public class Instrumentation {

    private final CodeMetrics metrics;
    private final QueueReachability queue;
    /** Version of the last secret read successfully; null before the first. Not the value. */
    private final AtomicReference<String> lastSecretVersion = new AtomicReference<>();

    Instrumentation(CodeMetrics metrics, QueueReachability queue) {
        this.metrics = metrics;
        this.queue = queue;
    }

    /**
     * The whole request: its latency and outcome. (Its request id needs nothing here: Quarkus keeps the MDC in the
     * request's Vert.x context and resumes the request there, even when a step completed on another request's
     * context, as JsonLogTest checks.)
     */
    public <T> Uni<T> getCode(Uni<T> issue) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return issue.onItemOrFailure().invoke((item, failure) -> {
                long nanos = System.nanoTime() - start;
                if (failure == null) {
                    metrics.codeIssued(nanos);
                } else {
                    metrics.codeFailed(failure instanceof CodeNotIssuedException e ? e.kind() : null, nanos);
                }
            });
        });
    }

    /** One HTTP call to the RandomNumber API. */
    public <T> Uni<T> thirdPartyCall(Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.onItemOrFailure().invoke((item, failure) ->
                    metrics.thirdPartyCall(outcome(failure), System.nanoTime() - start));
        });
    }

    /** One send to Queue Storage: timed, and its outcome kept for readiness. */
    public <T> Uni<T> queueSend(Uni<T> send) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return send.onItemOrFailure().invoke((item, failure) -> {
                metrics.queueSend(failure == null, System.nanoTime() - start);
                if (failure == null) {
                    queue.sendSucceeded();
                } else {
                    queue.sendFailed();
                }
            });
        });
    }

    /** One read of the key's secret from Key Vault; a successful read after an earlier one is a refresh. */
    public Mono<KeyVaultSecret> keyVaultRead(Mono<KeyVaultSecret> read) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return read
                    .doOnSuccess(secret -> {
                        String version = secret == null || secret.getProperties() == null ? ""
                                : Objects.toString(secret.getProperties().getVersion(), "");
                        String previous = lastSecretVersion.getAndSet(version);
                        metrics.keyVaultRead(true, System.nanoTime() - start, previous != null,
                                previous != null && !previous.equals(version));
                    })
                    .doOnError(e -> metrics.keyVaultRead(false, System.nanoTime() - start, false, false));
        });
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

package dev.integratedauth.randomnumber;

import jakarta.enterprise.context.ApplicationScoped;

import dev.integratedauth.common.Timings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The RandomNumber API's and its key's meters at {@code /q/metrics}: each call's latency by outcome, each Key Vault
 * read, and each re-read of a key already in memory. Tags take fixed values only; never the key.
 */
@ApplicationScoped
@Startup // registers its counters at start, so they are scraped at 0 before the first request
public class RandomNumberMetrics {

    private final MeterRegistry registry;
    private final Timings calls;
    private final Timings reads;

    RandomNumberMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.calls = new Timings(registry, "third_party_api.call", "One call to the RandomNumber API", "outcome");
        this.reads = new Timings(registry, "key_vault.read", "One read of the third-party API key from Key Vault",
                "outcome");
        for (boolean success : new boolean[] {true, false}) {
            keyVaultReads(success);
            refreshes(success);
        }
    }

    Timings calls() {
        return calls;
    }

    /**
     * One read of the key from Key Vault.
     *
     * @param refresh a successful read that replaced a key read before
     * @param rotated that refresh brought a new secret version
     */
    void keyVaultRead(boolean success, long nanos, boolean refresh, boolean rotated) {
        keyVaultReads(success).increment();
        reads.record(success ? "success" : "failure", nanos);
        if (refresh) {
            refreshes(rotated).increment();
        }
    }

    private Counter keyVaultReads(boolean success) {
        return Counter.builder("key_vault.reads")
                .description("Reads of the third-party API key from Key Vault")
                .tag("outcome", success ? "success" : "failure")
                .register(registry);
    }

    private Counter refreshes(boolean rotated) {
        return Counter.builder("third_party_api.key.refreshes")
                .description("Successful re-reads of a key that was already in memory; rotated: a new secret version")
                .tag("rotated", Boolean.toString(rotated))
                .register(registry);
    }
}

package dev.integratedauth.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link KeyVaultForbiddenAtStart} on an application of its own, so the log tests control the order in which the
 * key becomes available. Its JSON log is written to {@link #JSON_LOG}.
 */
public class JsonLogs extends KeyVaultForbiddenAtStart {

    /** Unique per run, so a test never reads an earlier run's lines. */
    public static final Path JSON_LOG = Path.of("target", "json-log", "log-tests-" + System.nanoTime() + ".log");

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.log.file.path", JSON_LOG.toString());
        return config;
    }
}

package dev.integratedauth.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A fresh application whose Key Vault answers 403 to every authorised secret read from before the application
 * starts (so the warm-up read at boot fails too), until a test calls {@link LocalAzureTestResource#allowKeyVault}.
 * Its logs are also written as JSON, one object a line, to {@link #JSON_LOG}, so tests can read the production
 * log format.
 */
public class KeyVaultForbiddenAtStart implements QuarkusTestProfile {

    /** Unique per run, so a test never reads an earlier run's lines. */
    public static final Path JSON_LOG = Path.of("target", "json-log", "app-" + System.nanoTime() + ".log");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", JSON_LOG.toString(),
                "quarkus.log.file.json.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAzureTestResource.class,
                Map.of(LocalAzureTestResource.KEY_VAULT, "forbidden")));
    }
}

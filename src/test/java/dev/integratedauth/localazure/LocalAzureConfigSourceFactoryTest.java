package dev.integratedauth.localazure;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dev mode runs on the local Azure unless all three Azure variables are set; other profiles are untouched. */
class LocalAzureConfigSourceFactoryTest {

    private final LocalAzureConfigSourceFactory factory = new LocalAzureConfigSourceFactory();

    @Test
    void devModeWithoutAzureVariablesPointsAtTheLocalAzure() {
        Map<String, String> config = configOf(factory.getConfigSources(context("dev", Map.of())));
        assertEquals("true", config.get("local-azure.enabled"));
        assertEquals(LocalAzureEndpoints.DEV.keyVaultUrl(), config.get("app.azure.key-vault.url"));
        assertEquals(LocalAzureEndpoints.DEV.queueUrl(), config.get("app.azure.queue.url"));
        assertEquals(LocalAzureEndpoints.DEV.tableUrl(), config.get("app.azure.table.url"));
        assertEquals("EnvironmentCredential", config.get("app.azure.credential.token-credentials"));
    }

    @Test
    void devModeWithAllFourVariablesTalksToAzure() {
        Map<String, String> config = configOf(factory.getConfigSources(context("dev", Map.of(
                "KEY_VAULT_URL", "https://v.vault.azure.net/",
                "STORAGE_QUEUE_URL", "https://a.queue.core.windows.net/code-requests",
                "STORAGE_TABLE_URL", "https://a.table.core.windows.net/codes",
                "THIRD_PARTY_API_ENDPOINT", "https://f.azurewebsites.net/api/RandomNumber"))));
        assertEquals(Map.of("local-azure.enabled", "false"), config, "no endpoint, no credential override");
    }

    @Test
    void otherProfilesGetNothing() {
        assertFalse(factory.getConfigSources(context("prod", Map.of())).iterator().hasNext());
        assertFalse(factory.getConfigSources(context("test", Map.of())).iterator().hasNext());
    }

    @Test
    void devPortsCanBeMoved() {
        Map<String, String> config = configOf(factory.getConfigSources(context("dev",
                Map.of("local-azure.port.https", "18943"))));
        assertTrue(config.get("app.azure.key-vault.url").endsWith(":18943"), config.get("app.azure.key-vault.url"));
    }

    private static Map<String, String> configOf(Iterable<ConfigSource> sources) {
        Map<String, String> config = new HashMap<>();
        sources.forEach(source -> config.putAll(source.getProperties()));
        return config;
    }

    private static ConfigSourceContext context(String profile, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return List.of(profile);
            }
        };
    }
}

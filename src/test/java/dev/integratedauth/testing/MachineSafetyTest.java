package dev.integratedauth.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.localazure.LocalTls;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The test set-up refuses to start when a token request could leave the machine. */
class MachineSafetyTest {

    private static final LocalAzureEndpoints ENDPOINTS = new LocalAzureEndpoints(18080, 18443, 18444, 18446);

    private static Map<String, String> config() {
        return new LinkedHashMap<>(ENDPOINTS.serviceConfig(LocalTls.in(LocalTls.PROJECT_DIRECTORY)));
    }

    @Test
    void theLocalConfigurationPasses() {
        MachineSafety.requireLocal(config());
    }

    @Test
    void refusesARealEntraAuthority() {
        Map<String, String> config = config();
        config.put("app.azure.credential.authority-host", "https://login.microsoftonline.com/");
        assertThrows(IllegalStateException.class, () -> MachineSafety.requireLocal(config));
    }

    @Test
    void refusesAChainThatCouldFallThroughToManagedIdentity() {
        Map<String, String> config = config();
        config.remove("app.azure.credential.token-credentials");
        assertThrows(IllegalStateException.class, () -> MachineSafety.requireLocal(config));
    }

    @Test
    void refusesInstanceDiscovery() {
        Map<String, String> config = config();
        config.put("app.azure.credential.disable-instance-discovery", "false");
        assertThrows(IllegalStateException.class, () -> MachineSafety.requireLocal(config));
    }

    @Test
    void refusesARealVault() {
        Map<String, String> config = config();
        config.put("app.azure.key-vault.url", "https://prod.vault.azure.net/");
        assertThrows(IllegalStateException.class, () -> MachineSafety.requireLocal(config));
    }

    @Test
    void localPortsOnlyInTheSafeRange() {
        assertThrows(IllegalArgumentException.class, () -> new LocalAzureEndpoints(8080, 18443, 18444, 18446));
    }
}

package dev.integratedauth.testing;

import java.net.URI;
import java.util.Map;

import dev.integratedauth.localazure.LocalAzureEndpoints;

/**
 * Tests talk to 127.0.0.1 only. These checks run before anything starts and stop the run if the credential chain
 * could reach Entra ID or IMDS (169.254.169.254) on the network.
 */
final class MachineSafety {

    private MachineSafety() {
    }

    static void requireNoTokenRequestCanLeaveTheMachine(LocalAzureEndpoints endpoints) {
        // Should anything fall through to managed identity, MSAL's IMDS lookup goes here (set by surefire).
        String imds = System.getenv("AZURE_POD_IDENTITY_AUTHORITY_HOST");
        if (imds == null || !isLocal(imds)) {
            refuse("AZURE_POD_IDENTITY_AUTHORITY_HOST must point at the local Azure (" + endpoints.imdsCatcher()
                    + "), or a managed-identity fallback would call 169.254.169.254; it is " + imds);
        }
        for (String name : new String[] {"IDENTITY_ENDPOINT", "MSI_ENDPOINT", "AZURE_AUTHORITY_HOST",
                "IMDS_ENDPOINT"}) {
            String value = System.getenv(name);
            if (value != null && !isLocal(value)) {
                refuse(name + " points off this machine: " + value);
            }
        }
    }

    static void requireLocal(Map<String, String> serviceConfig) {
        String authority = serviceConfig.get("app.azure.credential.authority-host");
        if (authority == null || !isLocal(authority)) {
            refuse("The credential's authority host is not local: " + authority);
        }
        if (!"EnvironmentCredential".equals(serviceConfig.get("app.azure.credential.token-credentials"))) {
            refuse("The credential chain is not narrowed to the local service principal");
        }
        if (!"true".equals(serviceConfig.get("app.azure.credential.disable-instance-discovery"))) {
            refuse("Instance discovery would ask login.microsoftonline.com");
        }
        requireLocalUrls(serviceConfig);
    }

    private static void requireLocalUrls(Map<String, String> serviceConfig) {
        for (String key : new String[] {"app.azure.key-vault.url", "app.azure.queue.url", "app.azure.table.url",
                "app.third-party.endpoint"}) {
            if (!isLocal(serviceConfig.get(key))) {
                refuse(key + " is not local: " + serviceConfig.get(key));
            }
        }
    }

    /**
     * For the packaged app authenticating as on Container Apps: MSAL's managed-identity endpoint comes from the
     * process environment (inherited by the launched app), so it must be this stack's stub and nothing else; and
     * the app's configuration must be narrowed to managed identity on local URLs.
     */
    static void requireLocalManagedIdentity(LocalAzureEndpoints endpoints, Map<String, String> serviceConfig) {
        requireEnv("IDENTITY_ENDPOINT", endpoints.managedIdentityEndpoint());
        requireEnv("IDENTITY_HEADER", LocalAzureEndpoints.MANAGED_IDENTITY_HEADER);
        requireEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoints.imdsCatcher());
        if (!"ManagedIdentityCredential".equals(serviceConfig.get("app.azure.credential.token-credentials"))) {
            refuse("The credential chain is not narrowed to managed identity");
        }
        requireLocalUrls(serviceConfig);
    }

    private static void requireEnv(String name, String expected) {
        if (!expected.equals(System.getenv(name))) {
            refuse(name + " must be " + expected + " in the environment (failsafe sets it); it is "
                    + System.getenv(name));
        }
    }

    private static boolean isLocal(String url) {
        URI uri = URI.create(url);
        return "127.0.0.1".equals(uri.getHost()) && uri.getPort() >= 18000 && uri.getPort() <= 18999;
    }

    private static void refuse(String why) {
        throw new IllegalStateException("Refusing to start the tests: " + why);
    }
}

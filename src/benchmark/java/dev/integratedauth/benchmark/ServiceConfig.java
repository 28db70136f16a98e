package dev.integratedauth.benchmark;

import java.nio.file.Path;
import java.util.Map;

import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.localazure.LocalTls;

/**
 * Prints, one per line, the {@code -Dkey=value} options that point the prod jar at the benchmark's stubs: exactly the
 * keys of {@link LocalAzureEndpoints#serviceConfig} (local service principal, local trust), so the benchmark and the
 * tests configure the service the same way.
 * <p>
 * Usage: {@code ServiceConfig <managed-identity port> <https port> <queue port> <tls directory> [--stub-args |
 * --managed-identity]}: with {@code --managed-identity}, the keys of
 * {@link LocalAzureEndpoints#serviceConfigForManagedIdentity} (authenticating as on Container Apps; whoever starts the
 * service sets {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}, see {@link #managedIdentityEnvironment}).
 */
public final class ServiceConfig {

    public static void main(String[] args) {
        // The queue stub also answers the codes' table (FastStubs), so both share its port.
        LocalAzureEndpoints endpoints = new LocalAzureEndpoints(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[2]));
        LocalTls tls = LocalTls.in(Path.of(args[3]).toAbsolutePath());
        boolean managedIdentity = args.length > 4 && args[4].equals("--managed-identity");
        Map<String, String> config = managedIdentity ? endpoints.serviceConfigForManagedIdentity(tls)
                : endpoints.serviceConfig(tls);
        config.forEach((key, value) -> System.out.println("-D" + key + "=" + value));
        if (args.length > 4 && args[4].equals("--stub-args")) {
            // For FastStubs: tenant, client id, client secret, secret name.
            System.out.println(LocalAzureEndpoints.TENANT_ID);
            System.out.println(LocalAzureEndpoints.CLIENT_ID);
            System.out.println(LocalAzureEndpoints.CLIENT_SECRET);
            System.out.println(LocalAzureEndpoints.SECRET_NAME);
        }
    }

    /** The environment Container Apps gives a process with a managed identity, pointing at the stubs. */
    static Map<String, String> managedIdentityEnvironment(LocalAzureEndpoints endpoints) {
        return Map.of("IDENTITY_ENDPOINT", endpoints.managedIdentityEndpoint(),
                "IDENTITY_HEADER", LocalAzureEndpoints.MANAGED_IDENTITY_HEADER,
                // Safety net: should anything fall through to IMDS, it lands on the stubs, not on 169.254.169.254.
                "AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoints.imdsCatcher());
    }
}

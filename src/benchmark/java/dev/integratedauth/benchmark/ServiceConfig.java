package dev.integratedauth.benchmark;

import java.nio.file.Path;
import java.util.Map;

import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.localazure.LocalTls;

/**
 * Prints, one per line, the {@code -Dkey=value} options that point the prod jar at the benchmark's stubs: the keys of
 * {@link LocalAzureEndpoints#serviceConfig} (local service principal, local trust), so the benchmark and the tests
 * configure the service the same way, except for the one setting that is about Azurite, not about Azure, and the
 * callers' budgets (below).
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
        // The local Azure shortens the pool's keep-alive to 3 s because Azurite closes idle connections after 5 s.
        // The stubs, like Azure's front ends, keep them open, so the service runs on its shipped keep-alive (60 s):
        // with 3 s, every load step after a pause (the floor's step) began by opening all its storage connections
        // again, 64 TLS handshakes at once, which was most of the p99 at 64 and 256 connections.
        config.remove("app.azure.http.keep-alive-timeout");
        config.putAll(unlimitedBudgets());
        config.forEach((key, value) -> System.out.println("-D" + key + "=" + value));
        if (args.length > 4 && args[4].equals("--stub-args")) {
            // For FastStubs: tenant, client id, client secret, secret name.
            System.out.println(LocalAzureEndpoints.TENANT_ID);
            System.out.println(LocalAzureEndpoints.CLIENT_ID);
            System.out.println(LocalAzureEndpoints.CLIENT_SECRET);
            System.out.println(LocalAzureEndpoints.SECRET_NAME);
        }
    }

    /**
     * Budgets no load step reaches: the load generator calls as one caller, and measures the request path, not the
     * refusals (the callers mode sets its own budgets after these).
     */
    static Map<String, String> unlimitedBudgets() {
        return Map.of("app.callers.issue.requests", "1000000000", "app.callers.verify.requests", "1000000000",
                "app.callers.failed-verifications.requests", "1000000000");
    }

    /** The environment Container Apps gives a process with a managed identity, pointing at the stubs. */
    static Map<String, String> managedIdentityEnvironment(LocalAzureEndpoints endpoints) {
        return Map.of("IDENTITY_ENDPOINT", endpoints.managedIdentityEndpoint(),
                "IDENTITY_HEADER", LocalAzureEndpoints.MANAGED_IDENTITY_HEADER,
                // Safety net: should anything fall through to IMDS, it lands on the stubs, not on 169.254.169.254.
                "AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoints.imdsCatcher());
    }
}

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
 * Usage: {@code ServiceConfig <managed-identity port> <https port> <queue port> <tls directory>}.
 */
public final class ServiceConfig {

    public static void main(String[] args) {
        // The queue stub also answers the codes' table (FastStubs), so both share its port.
        LocalAzureEndpoints endpoints = new LocalAzureEndpoints(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[2]));
        Map<String, String> config = endpoints.serviceConfig(LocalTls.in(Path.of(args[3]).toAbsolutePath()));
        config.forEach((key, value) -> System.out.println("-D" + key + "=" + value));
        if (args.length > 4 && args[4].equals("--stub-args")) {
            // For FastStubs: tenant, client id, client secret, secret name.
            System.out.println(LocalAzureEndpoints.TENANT_ID);
            System.out.println(LocalAzureEndpoints.CLIENT_ID);
            System.out.println(LocalAzureEndpoints.CLIENT_SECRET);
            System.out.println(LocalAzureEndpoints.SECRET_NAME);
        }
    }
}

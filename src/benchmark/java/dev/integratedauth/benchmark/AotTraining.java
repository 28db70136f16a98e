package dev.integratedauth.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.localazure.LocalTls;
import io.vertx.core.Vertx;

/**
 * The training run of the JVM image's AOT cache (JEP 483/514/515), as {@code docker/Dockerfile.jvm} and the
 * benchmark run it: the service serves real codes, so the cache holds what the first request needs (the Azure SDK,
 * MSAL, Reactor, the REST client, TLS) and the method profiles of the request path, not only start-up.
 * <p>
 * The image build has no Azure, so the codes come from {@link FastStubs}, started here, in this JVM, on 127.0.0.1:
 * Entra's managed-identity endpoint (the service authenticates exactly as on Container Apps), Key Vault, the
 * RandomNumber API and Queue Storage, over TLS with throwaway material. The service gets that configuration from
 * {@code JDK_JAVA_OPTIONS} and the environment of this run only (the {@code java} launcher reads it, also when a
 * script such as the image's {@code run-java.sh} starts it), so nothing of it is in the image's settings; and it is
 * local and fake: the stubs' constants, never a secret.
 * <p>
 * Usage: {@code AotTraining <tls directory> <aot cache file> -- <command that starts the service with
 * -XX:AOTCacheOutput=<aot cache file>...>}. Exit 0 once the service has served {@code aot-training.codes} (2000)
 * codes, stopped normally (SIGTERM, as Container Apps stops it) and the JVM has written the cache; otherwise 1.
 * Ports: {@code aot-training.port} (18200) for the service and the four after it for the stubs.
 */
public final class AotTraining {

    private static volatile String authorization;

    public static void main(String[] args) throws Exception {
        Path tlsDirectory = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        List<String> command = Arrays.asList(args).subList(Arrays.asList(args).indexOf("--") + 1, args.length);
        int port = Integer.getInteger("aot-training.port", 18200);
        int codes = Integer.getInteger("aot-training.codes", 2000);
        LocalAzureEndpoints endpoints = new LocalAzureEndpoints(port + 3, port + 1, port + 2, port + 2); // the table on the queue stub's port
        LocalTls tls = LocalTls.in(tlsDirectory);

        Vertx stubs = FastStubs.start(Integer.toString(port + 1), Integer.toString(port + 2),
                Integer.toString(port + 3), tls.keyStore().toString(), tls.password(), LocalAzureEndpoints.TENANT_ID,
                LocalAzureEndpoints.CLIENT_ID, LocalAzureEndpoints.CLIENT_SECRET, LocalAzureEndpoints.SECRET_NAME,
                "aot-training-third-party-api-key", "1");
        int exit = 1;
        try {
            Files.deleteIfExists(cache);
            exit = train(command, endpoints, tls, port, codes, cache);
        } finally {
            stubs.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(exit);
    }

    private static int train(List<String> command, LocalAzureEndpoints endpoints, LocalTls tls, int port, int codes,
            Path cache) throws Exception {
        Map<String, String> config = new java.util.LinkedHashMap<>(endpoints.serviceConfigForManagedIdentity(tls));
        config.putAll(ServiceConfig.unlimitedBudgets());
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(ServiceConfig.managedIdentityEnvironment(endpoints));
        builder.environment().put("JDK_JAVA_OPTIONS", config.entrySet().stream()
                .map(e -> "-D" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        long start = System.nanoTime();
        Process service = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/getcode");
            // The stubs' local Entra issues the caller's token, as the service's callers get theirs from Entra ID.
            authorization = "Bearer " + http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + 3)
                    + "/caller-tokens?count=1")).build(), HttpResponse.BodyHandlers.ofString()).body().strip();
            if (!firstCode(http, uri, service)) {
                System.err.println("AotTraining: no code from the service within 120 s");
                return 1;
            }
            System.out.printf("AotTraining: first code after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            int failed = codes(http, uri, codes);
            System.out.printf("AotTraining: %d codes, %d failed%n", codes, failed);
            if (failed > codes / 100) {
                return 1;
            }
        } finally {
            service.destroy(); // SIGTERM: the JVM exits normally and writes the AOT cache
            if (!service.waitFor(300, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        boolean written = Files.size(cache) > 0;
        System.out.printf("AotTraining: service exited with %d; AOT cache %s (%d MB)%n", service.exitValue(), cache,
                written ? Files.size(cache) >> 20 : 0);
        return written ? 0 : 1;
    }

    private static boolean firstCode(HttpClient http, URI uri, Process service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && service.isAlive()) {
            try {
                if (get(http, uri) == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** {@code total} codes from 8 callers at once, like a small load: the request path's profiles, not one code's. */
    private static int codes(HttpClient http, URI uri, int total) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                results.add(callers.submit(() -> get(http, uri) == 200));
            }
            int failed = 0;
            for (Future<Boolean> result : results) {
                failed += result.get() ? 0 : 1;
            }
            return failed;
        } finally {
            callers.shutdown();
        }
    }

    private static int get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                        .timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

package dev.integratedauth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.integratedauth.localazure.LocalAzure;

import static org.awaitility.Awaitility.await;

/**
 * The packaged app ({@link PackagedApp}: the JVM jar, or the native executable with -Dnative) started by the test
 * itself, as Container Apps starts it: its own process,
 * managed identity on the local Azure of {@link LocalAzureManagedIdentityResource}, so that the test can signal it,
 * read its exit status and open raw connections to it. Its log goes to target/test-logs, where {@link LogHygiene}
 * scans it like every other.
 */
public final class LaunchedApp implements AutoCloseable {

    /** Where it listens: 127.0.0.1, on the packaged-app tests' port (failsafe's launched-app.port, pom.xml). */
    public static final int PORT = Integer.getInteger("launched-app.port", 18791);
    private static final Duration START = Duration.ofSeconds(90);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1) // as Container Apps' ingress talks to the app
            .build();

    private final LocalAzureManagedIdentityResource azure;
    private final Process process;
    private final Path log;
    /** The local Entra's caller app, both roles: every request here is made as it. */
    private final String authorization;

    private LaunchedApp(LocalAzureManagedIdentityResource azure, Process process, Path log) {
        this.azure = azure;
        this.process = process;
        this.log = log;
        this.authorization = "Bearer " + azure.localAzure().callerToken().validFor(Duration.ofHours(1)).mint();
    }

    /** {@code Bearer <token>} of the caller the requests here are made as, for the tests' own connections. */
    public String authorization() {
        return authorization;
    }

    /** Starts the local Azure and the app with {@code config} on top of the managed-identity set-up; waits for ready. */
    public static LaunchedApp start(String name, Map<String, String> config) throws IOException {
        LocalAzureManagedIdentityResource azure = new LocalAzureManagedIdentityResource();
        azure.init(Map.of());
        Map<String, String> all = new LinkedHashMap<>(azure.start());
        all.putAll(config);
        all.put("quarkus.http.port", Integer.toString(PORT));
        List<String> command = PackagedApp.command(all);
        Path log = Path.of("target/test-logs", name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LaunchedApp app = new LaunchedApp(azure, process, log);
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || app.status("/q/health/ready") == 200);
            if (!process.isAlive()) {
                throw new IllegalStateException("the app did not start:\n" + app.output());
            }
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    public LocalAzure localAzure() {
        return azure.localAzure();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + PORT + path);
    }

    /** The status of a GET, or -1 if no answer came (connection refused or closed). */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    public HttpResponse<String> get(String path) throws IOException {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as Container Apps sends it ({@link Process#destroy()} on Linux). */
    public void terminate() {
        process.destroy();
    }

    /** The exit status once the process has ended by itself within {@code limit}; fails the test otherwise. */
    public int awaitExit(Duration limit) throws InterruptedException, IOException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running " + limit + " after the signal:\n" + output());
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        azure.stop();
    }
}

package dev.integratedauth.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.integratedauth.testing.JvmArtifactOnly;
import dev.integratedauth.testing.PackagedApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The prod artifacts: the JVM jar (target/quarkus-app) carries nothing of the local Azure; and the packaged app ({@link
 * PackagedApp}: the jar, or the native executable with -Dnative), without the Azure variables, refuses to start and
 * says which one is missing.
 */
class ProdArtifactIT {

    private static final Path APP = Path.of("target/quarkus-app");
    private static final List<String> AZURE_VARIABLES = List.of("KEY_VAULT_URL", "STORAGE_QUEUE_URL",
            "STORAGE_TABLE_URL", "THIRD_PARTY_API_ENDPOINT");
    /** Where these launches would listen if start-up ever succeeded: 127.0.0.1, away from everyone else's ports. */
    private static final String PORT = System.getProperty("prod-artifact-it.port", "18792");
    private static final long START_TIMEOUT_SECONDS = 60;

    @Test
    @JvmArtifactOnly("inspects the jar's lib/; the native input's jars are checked by NativeImageConfigIT")
    void noWireMockJarInTheLib() throws IOException {
        assertTrue(Files.isDirectory(APP.resolve("lib")), "package first: no " + APP.resolve("lib"));
        try (Stream<Path> lib = Files.walk(APP.resolve("lib"))) {
            assertEquals(List.of(), lib.map(p -> p.getFileName().toString()).filter(n -> n.contains("wiremock"))
                    .toList());
        }
    }

    /**
     * The local Azure's stubs are left out of the app jar (quarkus.package.jar.user-configured-ignored-entries);
     * only the config source factory and its two value classes remain, and no class refers to WireMock.
     */
    @Test
    @JvmArtifactOnly("inspects the jar's classes; the native input's are checked by NativeImageConfigIT")
    void noClassInTheAppRefersToWireMock() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.walk(APP)) {
            jars = files.filter(p -> p.toString().endsWith(".jar") && !p.startsWith(APP.resolve("lib"))).toList();
        }
        assertFalse(jars.isEmpty(), "jars in " + APP);
        for (Path jar : jars) {
            assertEquals(List.of(), Jars.classesReferringToWireMock(jar), jar.toString());
        }
        try (ZipFile app = new ZipFile(Jars.single(APP.resolve("app"), "*.jar").toFile())) {
            assertEquals(List.of("dev/integratedauth/localazure/LocalAzureConfigSourceFactory.class",
                    "dev/integratedauth/localazure/LocalAzureEndpoints.class",
                    "dev/integratedauth/localazure/LocalTls.class"),
                    app.stream().map(ZipEntry::getName)
                            .filter(n -> n.startsWith("dev/integratedauth/localazure/") && n.endsWith(".class"))
                            .sorted().toList());
        }
    }

    @Test
    void withoutAnyAzureVariableStartUpFailsNamingThem() throws Exception {
        String output = startExpectingFailure(Map.of());
        for (String variable : AZURE_VARIABLES) {
            assertTrue(output.contains(variable), variable + " is named in:\n" + output);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"KEY_VAULT_URL", "STORAGE_QUEUE_URL", "STORAGE_TABLE_URL", "THIRD_PARTY_API_ENDPOINT"})
    void withOneAzureVariableMissingStartUpFailsNamingIt(String missing) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>();
        // Never contacted: start-up stops at configuration, and the Azure clients are created on first use.
        AZURE_VARIABLES.stream().filter(v -> !v.equals(missing))
                .forEach(v -> environment.put(v, "https://127.0.0.1:18799/" + v.toLowerCase()));
        String output = startExpectingFailure(environment);
        assertTrue(output.contains(missing), missing + " is named in:\n" + output);
        AZURE_VARIABLES.stream().filter(v -> !v.equals(missing))
                .forEach(v -> assertFalse(output.contains("Could not expand value " + v), v + " was set:\n" + output));
    }

    /**
     * The portal's function URL ends in {@code ?code=<key>}; pasted into THIRD_PARTY_API_ENDPOINT, the key would be in
     * every request line the REST client logs. Start-up refuses it, names the variable and not the key.
     */
    @Test
    void aFunctionKeyInTheEndpointUrlStopsStartUpWithoutRepeatingIt() throws Exception {
        String key = "tpk-URL-CANARY-5tQ9";
        Map<String, String> environment = productionEnvironment();
        environment.put("THIRD_PARTY_API_ENDPOINT", "https://127.0.0.1:18799/api/RandomNumber?code=" + key);
        String output = startExpectingFailure(environment);
        assertTrue(output.contains("THIRD_PARTY_API_ENDPOINT carries a function key"), output);
        assertFalse(output.contains(key), "the key is not repeated:\n" + output);
    }

    /** Callers are authenticated unless AUTH_ENABLED=false: without the API's registration the app does not start. */
    @Test
    void withoutTheApisAppRegistrationStartUpStopsNamingIt() throws Exception {
        Map<String, String> environment = productionEnvironment();
        environment.remove("AUTH_TENANT_ID");
        environment.remove("AUTH_CLIENT_ID");
        String output = startExpectingFailure(environment);
        assertTrue(output.contains("AUTH_TENANT_ID") && output.contains("AUTH_ENABLED=false"), output);
    }

    /**
     * A complete production environment on 127.0.0.1 where nothing listens: were anything to ask for a token anyway, it
     * would go there, never to IMDS.
     */
    private static Map<String, String> productionEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>();
        AZURE_VARIABLES.forEach(v -> environment.put(v, "https://127.0.0.1:18799/" + v.toLowerCase()));
        environment.put("THIRD_PARTY_API_ENDPOINT", "https://127.0.0.1:18799/api/RandomNumber");
        environment.put("AUTH_TENANT_ID", "00000000-0000-4000-8000-00000000a7e1");
        environment.put("AUTH_CLIENT_ID", "00000000-0000-4000-8000-00000000a7e2");
        environment.put("IDENTITY_ENDPOINT", "http://127.0.0.1:18799/msi/token");
        environment.put("IDENTITY_HEADER", "prod-artifact-it");
        environment.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:18799/imds");
        environment.put("AZURE_TOKEN_CREDENTIALS", "ManagedIdentityCredential");
        return environment;
    }

    /** The packaged app with exactly {@code environment}; returns its output once it has exited. */
    private static String startExpectingFailure(Map<String, String> environment) throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "prod-start-", ".log");
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(Map.of("quarkus.http.host", "127.0.0.1",
                "quarkus.http.port", PORT)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process app = builder.start();
        try {
            if (!app.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("Still running after " + START_TIMEOUT_SECONDS + " s; it should have refused to start:\n"
                        + Files.readString(log));
            }
            String output = Files.readString(log);
            assertNotEquals(0, app.exitValue(), "exit status; output:\n" + output);
            return output;
        } finally {
            app.destroyForcibly();
        }
    }
}

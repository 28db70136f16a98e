package dev.integratedauth.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The packaged app the {@code *IT} tests run, read the way {@code @QuarkusIntegrationTest} reads it: the artifact
 * that {@code target/quarkus-artifact.properties} names. After {@code ./mvnw verify} that is the JVM jar; after
 * {@code ./mvnw verify -Dnative} (with {@code -Dquarkus.native.reuse-existing=true} for an executable built
 * beforehand, as {@code .ci/run} does) it is the native executable, and every test that launches the app itself
 * launches that one too.
 */
public final class PackagedApp {

    private static final Path TARGET = Path.of("target");
    private static final Properties ARTIFACT = read(TARGET.resolve("quarkus-artifact.properties"));

    private PackagedApp() {
    }

    /** Whether the artifact under test is the native executable. */
    public static boolean isNative() {
        return "native".equals(ARTIFACT.getProperty("type"));
    }

    /** The command that starts the artifact with these system properties (both accept {@code -Dkey=value}). */
    public static List<String> command(Map<String, String> systemProperties) {
        String artifact = TARGET.resolve(ARTIFACT.getProperty("path", "quarkus-app/quarkus-run.jar")).toAbsolutePath()
                .toString();
        List<String> command = new ArrayList<>();
        command.add(isNative() ? artifact : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!isNative()) {
            command.add("-jar");
            command.add(artifact);
        }
        return command;
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }
}

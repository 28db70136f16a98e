package dev.integratedauth.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What dockerfilelint (.ci/run) does not check: pinned base images, a non-root final stage on port 8080, no Azure
 * variables or secrets in the images, and a build context (.dockerignore) of only what the builds need.
 */
class ContainerBuildFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile.native", "docker/Dockerfile.jvm"})
    void imagesArePinnedNonRootAndCarryNoAzureSettings(String dockerfile) throws IOException {
        List<String> lines = instructions(Path.of(dockerfile));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertTrue(from.size() >= 2, "a build stage and a final stage: " + from);
        List<String> stageNames = new java.util.ArrayList<>();
        for (String stage : from) {
            String[] words = stage.split("\\s+");
            String image = words[1];
            // An earlier stage by its name, or an image pinned to a tag or digest.
            assertTrue(stageNames.contains(image) || image.matches("[^:@]+[:@][^:]+") && !image.endsWith(":latest"),
                    "pinned: " + stage);
            if (words.length == 4 && words[2].equalsIgnoreCase("AS")) {
                stageNames.add(words[3]);
            }
        }
        List<String> finalStage = lines.subList(lines.lastIndexOf(from.get(from.size() - 1)), lines.size());
        String user = finalStage.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertFalse(List.of("USER root", "USER 0").contains(user), dockerfile + " runs as " + user);
        assertTrue(finalStage.contains("EXPOSE 8080"), dockerfile + " exposes 8080");
        assertTrue(finalStage.stream().noneMatch(l -> l.contains("mvnw") || l.contains("/.m2")),
                "no build tools in the final stage");
        assertTrue(finalStage.stream().noneMatch(l -> l.contains("aot-training") || l.contains("benchmark")
                        || l.startsWith("FROM train")),
                "the training's stubs, TLS material and configuration stay out of the final stage");
        for (String line : lines) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("ENV ") || upper.startsWith("ARG ") || upper.startsWith("LABEL ")) {
                for (String banned : List.of("AZURE_", "IDENTITY_", "MSI_", "KEY_VAULT", "STORAGE_",
                        "THIRD_PARTY", "SECRET", "PASSWORD", "KEY=")) {
                    assertFalse(upper.contains(banned), dockerfile + " bakes in " + banned + ": " + line);
                }
            }
        }
    }

    @Test
    void buildContextIsOnlyWhatTheBuildsNeed() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", rules.get(0), "an allow-list: everything is excluded first");
        assertEquals(List.of("!mvnw", "!.mvn/", "!pom.xml", "!src/main/", "!src/benchmark/java/", "!docker/"),
                rules.stream().filter(r -> r.startsWith("!")).toList(), "the only inputs let back in");
        for (String excluded : List.of("target/", ".local-azure/", ".git/", "deploy/")) {
            assertTrue(rules.contains(excluded), excluded + " is named as excluded");
        }
    }

    /** The Dockerfile's instructions, one per entry, with continuation lines joined and comments dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        String joined = String.join("\n", Files.readAllLines(dockerfile).stream()
                .filter(l -> !l.strip().startsWith("#")).toList()).replaceAll("\\\\\\n", " ");
        return joined.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}

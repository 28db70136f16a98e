package dev.integratedauth.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads what Quarkus generated for native-image (target/native-sources, made by the 'native-sources' execution in
 * every build) and checks the registrations that only matter when the executable runs: reflection, proxies and
 * resources that the SDK looks up at run time. Removing one from dev.integratedauth.nativeimage or
 * application.properties fails this test. Everything the builder itself decides (class initialisation, linking,
 * substitutions) is proven by building and running the image: .ci/run links it and runs the *IT tests on it (docs/native-image.md).
 */
class NativeImageConfigIT {

    private static final Path SOURCES = Path.of("target/native-sources");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, JsonNode> reflection;
    private static JsonNode proxies;
    private static JsonNode resources;

    @BeforeAll
    static void readGeneratedConfiguration() throws IOException {
        assertTrue(Files.isRegularFile(SOURCES.resolve("native-image.args")),
                "run the build first (./mvnw verify): no " + SOURCES.resolve("native-image.args"));
        try (ZipFile runner = new ZipFile(Jars.single(SOURCES, "*-runner.jar").toFile())) {
            reflection = new HashMap<>();
            for (JsonNode entry : read(runner, "META-INF/native-image/reflect-config.json")) {
                reflection.put(entry.get("name").asText(), entry);
            }
            proxies = read(runner, "META-INF/native-image/proxy-config.json");
            resources = read(runner, "META-INF/native-image/resource-config.json");
        }
    }

    @Test
    void identityEnumsThatDefaultAzureCredentialBuilderCreatesReflectively() {
        for (String name : List.of("com.azure.identity.AzureIdentityEnvVars",
                "com.azure.identity.implementation.RegionalAuthority")) {
            assertRegistered(name, "allDeclaredConstructors");
        }
    }

    /** HungRequestRelease makes the SDK's Vert.x client through its package-private constructor. */
    @Test
    void theSdkVertxClientsConstructorIsReflective() {
        assertRegistered("com.azure.core.http.vertx.VertxHttpClient", "allDeclaredConstructors");
    }

    /** Both were missing until the executable was run: every Key Vault read, then every error answer, failed. */
    @Test
    void theSecretsWireModelAndTheProblemBodyAreReflective() {
        assertRegistered("com.azure.security.keyvault.secrets.implementation.models.SecretBundle",
                "allDeclaredMethods");
        assertRegistered("dev.integratedauth.web.Problem", "allDeclaredMethods", "allDeclaredFields");
    }

    @Test
    void everyStorageQueueModelIsReflective() throws IOException {
        List<String> models = queueJarClasses().stream()
                .filter(name -> name.startsWith("com.azure.storage.queue.models.")
                        || name.startsWith("com.azure.storage.queue.implementation.models."))
                .toList();
        assertTrue(models.size() > 40, "models found in the azure-storage-queue jar: " + models);
        for (String model : models) {
            assertRegistered(model, "allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields");
        }
        assertRegistered("com.azure.core.util.DateTimeRfc1123", "allDeclaredConstructors", "allDeclaredMethods",
                "allDeclaredFields");
    }

    @Test
    void everyStorageQueueServiceInterfaceIsAProxy() throws IOException {
        Set<List<String>> registered = new HashSet<>();
        proxies.forEach(p -> {
            List<String> interfaces = new ArrayList<>();
            p.get("interfaces").forEach(i -> interfaces.add(i.asText()));
            registered.add(interfaces);
        });
        // The annotation's descriptor is in the constant pool of every class that carries it.
        List<String> serviceInterfaces = Jars.classesMentioning(queueJar(), "Lcom/azure/core/annotation/ServiceInterface;")
                .stream().map(NativeImageConfigIT::className).toList();
        assertEquals(Set.of("com.azure.storage.queue.implementation.MessageIdsImpl$MessageIdsService",
                "com.azure.storage.queue.implementation.MessagesImpl$MessagesService",
                "com.azure.storage.queue.implementation.QueuesImpl$QueuesService",
                "com.azure.storage.queue.implementation.ServicesImpl$ServicesService"), Set.copyOf(serviceInterfaces),
                "the @ServiceInterface types of azure-storage-queue");
        for (String service : serviceInterfaces) {
            assertTrue(registered.contains(List.of(service)), service + " is a proxy of its own: " + proxies);
        }
    }

    @Test
    void everyDataTablesModelIsReflective() throws IOException {
        List<String> models = jarClasses(tablesJar()).stream()
                .filter(name -> name.startsWith("com.azure.data.tables.models.")
                        || name.startsWith("com.azure.data.tables.implementation.models."))
                .filter(name -> !name.matches(".*\\$\\d+$"))
                .toList();
        assertTrue(models.size() > 50, "models found in the azure-data-tables jar: " + models);
        for (String model : models) {
            assertRegistered(model, "allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields");
        }
    }

    @Test
    void everyDataTablesServiceInterfaceIsAProxy() throws IOException {
        Set<List<String>> registered = new HashSet<>();
        proxies.forEach(p -> {
            List<String> interfaces = new ArrayList<>();
            p.get("interfaces").forEach(i -> interfaces.add(i.asText()));
            registered.add(interfaces);
        });
        List<String> serviceInterfaces = Jars.classesMentioning(tablesJar(), "Lcom/azure/core/annotation/ServiceInterface;")
                .stream().map(NativeImageConfigIT::className).toList();
        assertEquals(Set.of("com.azure.data.tables.implementation.TablesImpl$TablesService",
                "com.azure.data.tables.implementation.ServicesImpl$ServicesService",
                "com.azure.data.tables.implementation.TransactionalBatchImpl$TransactionalBatchService"),
                Set.copyOf(serviceInterfaces), "the @ServiceInterface types of azure-data-tables");
        for (String service : serviceInterfaces) {
            assertTrue(registered.contains(List.of(service)), service + " is a proxy of its own: " + proxies);
        }
    }

    @Test
    void sdkPropertiesAreResources() {
        List<Pattern> includes = new ArrayList<>();
        resources.get("resources").get("includes").forEach(i -> includes.add(Pattern.compile(i.get("pattern").asText())));
        for (String resource : List.of("azure-core.properties", "azure-identity.properties",
                "azure-security-keyvault-secrets.properties", "azure-storage-queue.properties",
                "azure-data-tables.properties")) {
            assertTrue(includes.stream().anyMatch(p -> p.matcher(resource).matches()), resource + " in " + resources);
        }
    }

    @Test
    void noLocalAzureLibraryInTheNativeInput() throws IOException {
        try (Stream<Path> lib = Files.walk(SOURCES.resolve("lib"))) {
            assertEquals(List.of(), lib.map(p -> p.getFileName().toString()).filter(n -> n.contains("wiremock"))
                    .toList());
        }
        assertEquals(List.of(), Jars.classesReferringToWireMock(Jars.single(SOURCES, "*-runner.jar")));
    }

    private static void assertRegistered(String name, String... flags) {
        JsonNode entry = reflection.get(name);
        assertTrue(entry != null, name + " is registered for reflection");
        for (String flag : flags) {
            assertTrue(entry.path(flag).asBoolean(), name + " has " + flag + ": " + entry);
        }
    }

    private static List<String> queueJarClasses() throws IOException {
        return jarClasses(queueJar());
    }

    private static List<String> jarClasses(Path path) throws IOException {
        try (ZipFile jar = new ZipFile(path.toFile())) {
            return jar.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().contains("module-info"))
                    .map(NativeImageConfigIT::className).collect(Collectors.toList());
        }
    }

    private static String className(ZipEntry entry) {
        return className(entry.getName());
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    private static Path tablesJar() throws IOException {
        return Jars.single(SOURCES.resolve("lib"), "com.azure.azure-data-tables-*.jar");
    }

    private static Path queueJar() throws IOException {
        return Jars.single(SOURCES.resolve("lib"), "com.azure.azure-storage-queue-*.jar");
    }

    private static JsonNode read(ZipFile jar, String entry) throws IOException {
        ZipEntry found = jar.getEntry(entry);
        assertTrue(found != null, entry + " in " + jar.getName());
        try (InputStream in = jar.getInputStream(found)) {
            return JSON.readTree(in);
        }
    }
}

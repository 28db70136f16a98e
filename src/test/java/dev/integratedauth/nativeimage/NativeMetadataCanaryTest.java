package dev.integratedauth.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import com.azure.core.implementation.ReflectionUtils;
import com.azure.data.tables.TableAsyncClient;
import com.azure.identity.AzureIdentityEnvVars;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.storage.queue.QueueAsyncClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canaries of the native-image registrations the libraries should ship themselves (docs/workarounds.md): each test
 * shows the gap in the pinned jar, and fails, naming the registration to remove, once an upgrade closes it.
 */
class NativeMetadataCanaryTest {

    @Test
    void keyVaultSecretsReflectionStillNeeded() throws Exception {
        String metadata = entries(SecretAsyncClient.class, "META-INF/native-image/").stream()
                .filter(name -> name.endsWith("reflect-config.json")).findFirst()
                .map(name -> read(SecretAsyncClient.class, name)).orElse("");
        assertFalse(metadata.contains("implementation.models.SecretBundle"),
                "azure-security-keyvault-secrets registers SecretBundle now: remove KeyVaultSecretsReflection");
    }

    @Test
    void storageQueueRegistrationsStillNeeded() throws Exception {
        assertEquals(List.of(), entries(QueueAsyncClient.class, "META-INF/native-image/"),
                "azure-storage-queue ships native metadata now: remove StorageQueueReflection and StorageQueueProxies");
    }

    @Test
    void dataTablesRegistrationsStillNeeded() throws Exception {
        assertEquals(List.of(), entries(TableAsyncClient.class, "META-INF/native-image/"),
                "azure-data-tables ships native metadata now: remove DataTablesReflection and DataTablesProxies");
    }

    @Test
    void azureIdentityReflectionStillNeeded() {
        assertTrue(read(AzureIdentityEnvVars.class, "com/azure/identity/AzureIdentityEnvVars.class")
                        .contains("(Ljava/lang/String;Ljava/lang/Class;)Lcom/azure/core/util/ExpandableStringEnum;"),
                "azure-identity no longer creates AzureIdentityEnvVars reflectively (Azure/azure-sdk-for-java#47106): "
                        + "remove AzureIdentityReflection");
    }

    @Test
    void azureCoreClassicReflectionStillNeeded() {
        assertTrue(ReflectionUtils.isModuleBased(),
                "azure-core no longer calls through method handles: remove AzureCoreClassicReflection");
    }

    /** The entries of {@code anchor}'s jar under {@code prefix}. */
    private static List<String> entries(Class<?> anchor, String prefix) throws IOException, URISyntaxException {
        Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith(prefix) && !name.endsWith("/"))
                    .toList();
        }
    }

    /** A resource of {@code anchor}'s class loader as text (class files in ISO-8859-1: their constant pool's names). */
    private static String read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.integratedauth.nativeimage;

import com.azure.security.keyvault.secrets.implementation.models.SecretBundle;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * azure-security-keyvault-secrets 4.11.1 ships reflection metadata for its clients and public models, but not for
 * {@code implementation.models.SecretBundle}, the wire model of every secret read. azure-core 1.58.1 looks for a
 * model's static {@code fromJson} with {@code Class.getDeclaredMethods()}; in a native image without this registration
 * it finds none, falls back to Jackson's bean deserialiser, and every read fails ("Cannot construct instance of
 * ...SecretBundle ... this appears to be a native image"). Found by running the linked executable. Methods only:
 * {@code fromJson} reads the fields itself. Remove once the SDK's own metadata lists the class.
 */
@RegisterForReflection(targets = SecretBundle.class, fields = false)
final class KeyVaultSecretsReflection {

    private KeyVaultSecretsReflection() {
    }
}

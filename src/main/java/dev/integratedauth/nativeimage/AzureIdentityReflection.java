package dev.integratedauth.nativeimage;

import com.azure.identity.AzureIdentityEnvVars;
import com.azure.identity.implementation.RegionalAuthority;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * azure-identity 1.18.4 in a native image: {@code new DefaultAzureCredentialBuilder()} throws a NullPointerException in
 * {@code IdentityClientOptions.loadFromConfiguration}, because these two {@code ExpandableStringEnum}s are created
 * through their no-argument constructors by reflection (Azure/azure-sdk-for-java#47106; fixed by PR #47940, not in
 * 1.18.4). Remove once azure-identity has the fix.
 */
@RegisterForReflection(targets = {
        // Read by IdentityClientOptions for every credential, managed identity included.
        AzureIdentityEnvVars.class,
        // Looked up from AZURE_REGIONAL_AUTHORITY_NAME by the same options object.
        RegionalAuthority.class })
final class AzureIdentityReflection {

    private AzureIdentityReflection() {
    }
}

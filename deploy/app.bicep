// integrated-auth, the deployment of one image: the third-party API key (when asked
// to write it), Key Vault Secrets User on that secret, and the container app.
//
// Two callers, one template:
//   main.bicep (deployApp=true), deploy.sh's pass 2, passes the infrastructure's
//     names from its own modules;
//   azd deploy deploys this file on its own as the service's revision module
//     (azure.yaml: services.integrated-auth.module = app), with app.parameters.json,
//     whose ${...} are the outputs of `azd provision` (main.bicep) and the image
//     azd has just built (SERVICE_INTEGRATED_AUTH_IMAGE_NAME).
// It also deploys the smoke test's caller, a Container Apps job that runs as the
// identity granted the API's app roles (modules/smoke-test-job.bicep).
// azd passes a revision module's parameters file as it is, without converting
// strings to numbers or booleans (it does for main.parameters.json), so the values
// that come from the azd environment are string parameters here.
// No output ever contains a secret.
targetScope = 'resourceGroup'

@description('azd environment name (tag azd-env-name); empty outside azd.')
param environmentName string = ''

@description('Azure region of the container app.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {
  project: 'integrated-auth'
}

@description('Name of the container app (main.bicep: AZURE_CONTAINER_APP_NAME).')
@maxLength(32)
param containerAppName string

@description('Name of the Container Apps environment (main.bicep: AZURE_CONTAINER_ENVIRONMENT_NAME).')
param containerAppsEnvironmentName string

@description('Name of the app\'s user-assigned identity (main.bicep: AZURE_IDENTITY_NAME).')
param identityName string

@description('Registry login server, e.g. crintauth<u>.azurecr.io (main.bicep: AZURE_CONTAINER_REGISTRY_ENDPOINT).')
param registryEndpoint string

@description('Full image reference, e.g. crintauth<u>.azurecr.io/integrated-auth:<tag>.')
@minLength(1)
param image string

@description('Name of the Key Vault (main.bicep: AZURE_KEY_VAULT_NAME).')
param keyVaultName string

@description('Name of the Key Vault secret holding the API key (THIRD_PARTY_API_SECRET_NAME).')
param thirdPartyApiSecretName string = 'third-party-api-key'

@description('THIRD_PARTY_API_ENDPOINT: the demo API\'s or your own (main.bicep: APP_THIRD_PARTY_API_ENDPOINT).')
param thirdPartyApiEndpoint string

@description('Name of the demo API\'s function app; empty when you bring your own API (main.bicep: AZURE_DEMO_API_NAME).')
param demoApiName string = ''

@description('STORAGE_QUEUE_URL (main.bicep: AZURE_STORAGE_QUEUE_URL).')
param storageQueueUrl string

@description('STORAGE_TABLE_URL (main.bicep: AZURE_STORAGE_TABLE_URL).')
param storageTableUrl string

@description('STORAGE_POISON_QUEUE_URL (main.bicep: AZURE_STORAGE_POISON_QUEUE_URL).')
param storagePoisonQueueUrl string

@description('\'true\' writes the API key (demo: function key, then vault secret; own API: vault secret). deploy.sh and azd\'s predeploy hook set it only when the secret is missing or a rotation is asked for.')
@allowed([
  'true'
  'false'
])
param writeThirdPartyApiKey string = 'false'

@secure()
@description('API key value. Defaults to a fresh GUID generated inside ARM, so the demo key never exists outside Azure.')
param thirdPartyApiKey string = newGuid()

@description('Object id of a developer who also gets Key Vault Secrets User on the secret; empty to skip (main.bicep: AZURE_DEVELOPER_PRINCIPAL_ID).')
param developerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param developerPrincipalType string = 'User'

@description('AUTH_ENABLED, as a string: anything but \'false\' makes callers present an Entra ID access token with the API\'s app roles; \'false\' serves anyone (a public demo).')
param authEnabled string = 'true'

@description('AUTH_TENANT_ID: tenant of the API\'s app registration (azd: the postprovision hook sets it).')
param authTenantId string = ''

@description('AUTH_CLIENT_ID: application (client) id of the API\'s app registration (azd: the postprovision hook sets it).')
param authClientId string = ''

@description('AUTH_APP_ID_URI: the registration\'s identifier URI, api://<appId> (azd: the postprovision hook sets it).')
param authAppIdUri string = ''

@description('Name of the smoke test\'s caller identity, the one granted Codes.Issue and Codes.Verify (main.bicep: AZURE_SMOKE_TEST_IDENTITY_NAME).')
param smokeTestIdentityName string

@description('Name of the smoke test\'s Container Apps job (main.bicep: AZURE_SMOKE_TEST_JOB_NAME).')
@maxLength(32)
param smokeTestJobName string

@description('Image of the smoke test\'s job: sh and curl, pulled anonymously from MCR.')
param smokeTestImage string = 'mcr.microsoft.com/azure-cli:2.77.0'

@description('Minimum replicas, as a string (0 = scale to zero).')
param minReplicas string = '1'

@description('Maximum replicas, as a string.')
param maxReplicas string = '5'

@description('Concurrent HTTP requests per replica that trigger scale-out.')
@minValue(1)
param concurrentRequests int = 50

@description('vCPU per replica.')
param containerCpu string = '0.5'

@description('Memory per replica (must pair with the vCPU: 0.5 -> 1Gi).')
param containerMemory string = '1Gi'

@description('Run the consumer of code-requests inside the container app (APP_CONSUMER_ENABLED).')
param consumerEnabled bool = true

@description('Export traces and logs to the environment\'s OpenTelemetry agent (QUARKUS_OTEL_SDK_DISABLED=false).')
param openTelemetryEnabled bool = true

var writeKey = writeThirdPartyApiKey == 'true'
var demoApi = !empty(demoApiName)
var envTag = empty(environmentName) ? {} : {
  'azd-env-name': environmentName
}
// azd finds the app it deploys to by this tag.
var appTags = union(tags, envTag, {
  'azd-service-name': 'integrated-auth'
})

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource smokeTestIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: smokeTestIdentityName
}

resource managedEnvironment 'Microsoft.App/managedEnvironments@2024-10-02-preview' existing = {
  name: containerAppsEnvironmentName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// The function key is written first; the vault secret only after the key
// succeeded, so the two copies can never silently diverge.
module demoApiKey 'modules/demo-api-key.bicep' = if (demoApi && writeKey) {
  name: 'integrated-auth-demo-api-key'
  params: {
    functionAppName: demoApiName
    keyName: thirdPartyApiSecretName
    keyValue: thirdPartyApiKey
  }
}

module apiKeySecret 'modules/keyvault-secret.bicep' = if (writeKey) {
  name: 'integrated-auth-api-key-secret'
  params: {
    vaultName: keyVaultName
    secretName: thirdPartyApiSecretName
    secretValue: thirdPartyApiKey
  }
  dependsOn: [
    demoApiKey
  ]
}

module secretAccess 'modules/keyvault-secret-access.bicep' = {
  name: 'integrated-auth-secret-access'
  params: {
    vaultName: keyVaultName
    secretName: thirdPartyApiSecretName
    appPrincipalId: identity.properties.principalId
    developerPrincipalId: developerPrincipalId
    developerPrincipalType: developerPrincipalType
  }
  dependsOn: [
    apiKeySecret
  ]
}

module containerApp 'modules/container-app.bicep' = {
  name: 'integrated-auth-container-app'
  params: {
    name: containerAppName
    location: location
    tags: appTags
    environmentId: managedEnvironment.id
    identityId: identity.id
    identityClientId: identity.properties.clientId
    registryServer: registryEndpoint
    image: image
    keyVaultUrl: vault.properties.vaultUri
    thirdPartyApiSecretName: thirdPartyApiSecretName
    thirdPartyApiEndpoint: thirdPartyApiEndpoint
    storageQueueUrl: storageQueueUrl
    storageTableUrl: storageTableUrl
    storagePoisonQueueUrl: storagePoisonQueueUrl
    consumerEnabled: consumerEnabled
    openTelemetryEnabled: openTelemetryEnabled
    authEnabled: toLower(authEnabled) != 'false'
    authTenantId: authTenantId
    authClientId: authClientId
    authAppIdUri: authAppIdUri
    minReplicas: int(minReplicas)
    maxReplicas: int(maxReplicas)
    concurrentRequests: concurrentRequests
    cpu: containerCpu
    memory: containerMemory
  }
  // Key Vault Secrets User on the secret must exist before the first revision
  // starts. AcrPull and the storage roles come from main.bicep, deployed before
  // this template (azd provision, or main.bicep's own modules).
  dependsOn: [
    secretAccess
  ]
}

// The smoke test's caller. It asks for a token for the identifier URI (or, without
// one, the client id); with authentication off it calls without a token.
module smokeTestJob 'modules/smoke-test-job.bicep' = {
  name: 'integrated-auth-smoke-test-job'
  params: {
    name: smokeTestJobName
    location: location
    tags: union(tags, envTag)
    environmentId: managedEnvironment.id
    identityId: smokeTestIdentity.id
    identityClientId: smokeTestIdentity.properties.clientId
    image: smokeTestImage
    apiBaseUrl: 'https://${containerApp.outputs.fqdn}'
    apiResource: toLower(authEnabled) == 'false' ? '' : (empty(authAppIdUri) ? authClientId : authAppIdUri)
  }
}

// Names and URLs only; nothing secret.
output AZURE_CONTAINER_APP_FQDN string = containerApp.outputs.fqdn

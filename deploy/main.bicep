// integrated-auth: Quarkus port of "Integrated authentication for Python apps
// with Azure services", hosted on Azure Container Apps.
//
// Deployed in two passes by deploy.sh (see README.md):
//   pass 1  deployApp=false  everything except the container app (registry,
//                            identity, vault, queue, role grants, demo API)
//   pass 2  deployApp=true   function key + vault secret (when asked to write
//                            them), Key Vault Secrets User on that secret, and
//                            the container app with the image built in between.
// Both passes are incremental deployments of the same template; re-running
// either converges to the same state. No output ever contains a secret.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------- parameters
@description('Short lowercase prefix for resource names (3-8 chars, letter first).')
@minLength(3)
@maxLength(8)
param prefix string = 'intauth'

@description('Azure region for all resources except, optionally, the demo API.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {
  project: 'integrated-auth'
}

@description('false = pass 1 (infrastructure only); true = pass 2 (also the container app).')
param deployApp bool = false

@description('Image tag in the registry (integrated-auth:<tag>); required when deployApp is true.')
param imageTag string = ''

@description('Minimum replicas of the container app (0 = scale to zero).')
@minValue(0)
@maxValue(30)
param minReplicas int = 1

@description('Maximum replicas of the container app.')
@minValue(1)
@maxValue(30)
param maxReplicas int = 5

@description('Concurrent HTTP requests per replica that trigger scale-out.')
@minValue(1)
param concurrentRequests int = 50

@description('vCPU per replica.')
param containerCpu string = '0.5'

@description('Memory per replica (must pair with the vCPU: 0.5 -> 1Gi).')
param containerMemory string = '1Gi'

@description('Deploy the demo RandomNumber API (Flex Consumption Functions app). Set false to use your own API.')
param deployDemoApi bool = true

@description('Region of the demo API; must offer the Flex Consumption plan.')
param demoApiLocation string = location

@description('Your own RandomNumber endpoint, used only when deployDemoApi is false.')
param thirdPartyApiEndpoint string = ''

@description('Name of the Key Vault secret (and of the demo API host key).')
param thirdPartyApiSecretName string = 'third-party-api-key'

@description('Write the API key (demo: function key + vault secret; own API: vault secret). deploy.sh sets it only when the secret is missing or a rotation is requested.')
param writeThirdPartyApiKey bool = false

@secure()
@description('API key value. Defaults to a fresh GUID generated inside ARM, so the demo key never exists outside Azure. Supply your own key only through a parameters file, never on a command line.')
param thirdPartyApiKey string = newGuid()

@description('Object id of the person or service principal running deploy.sh; gets Storage Queue Data Reader on the queue so it can peek. Empty to skip.')
param deployerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param deployerPrincipalType string = 'User'

@description('Run the consumer of code-requests inside the container app (APP_CONSUMER_ENABLED). It removes expired codes; verification works without it.')
param consumerEnabled bool = true

@description('Also grant the deployer the roles needed to run the service on a laptop (Key Vault Secrets User on the secret, Storage Queue Data Message Sender on the queue).')
param grantDeveloperAccess bool = false

// ------------------------------------------------------------------- names
var suffix = uniqueString(subscription().id, resourceGroup().id, prefix)
var names = {
  logAnalytics: 'log-${prefix}-${suffix}'
  environment: 'cae-${prefix}-${suffix}'
  registry: 'cr${prefix}${suffix}'
  identity: 'id-${prefix}-integrated-auth'
  keyVault: take('kv${prefix}${suffix}', 24)
  storage: take('st${prefix}${suffix}', 24)
  containerApp: 'ca-${prefix}-integrated-auth'
  demoApi: 'func-${prefix}-${suffix}'
  demoApiPlan: 'plan-${prefix}-${suffix}'
  demoApiStorage: take('stfn${prefix}${suffix}', 24)
}
var queueName = 'code-requests'
var imageName = 'integrated-auth'
var developerPrincipalId = grantDeveloperAccess ? deployerPrincipalId : ''

// ------------------------------------------------------------- pass 1 + 2
module monitoring 'modules/monitoring.bicep' = {
  name: 'integrated-auth-monitoring'
  params: {
    name: names.logAnalytics
    location: location
    tags: tags
  }
}

module environment 'modules/container-env.bicep' = {
  name: 'integrated-auth-environment'
  params: {
    name: names.environment
    location: location
    tags: tags
    logAnalyticsWorkspaceName: monitoring.outputs.name
  }
}

module identity 'modules/identity.bicep' = {
  name: 'integrated-auth-identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'integrated-auth-registry'
  params: {
    name: names.registry
    location: location
    tags: tags
    pullPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'integrated-auth-keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module queue 'modules/storage-queue.bicep' = {
  name: 'integrated-auth-queue'
  params: {
    name: names.storage
    location: location
    tags: tags
    queueName: queueName
    senderPrincipalId: identity.outputs.principalId
    readerPrincipalId: deployerPrincipalId
    readerPrincipalType: deployerPrincipalType
    developerPrincipalId: developerPrincipalId
    developerPrincipalType: deployerPrincipalType
  }
}

// The codes' life cycle: table, poison queue and the consumer's roles.
module codes 'modules/storage-codes.bicep' = {
  name: 'integrated-auth-codes'
  params: {
    accountName: queue.outputs.accountName
    queueName: queue.outputs.queueName
    appPrincipalId: identity.outputs.principalId
    readerPrincipalId: deployerPrincipalId
    readerPrincipalType: deployerPrincipalType
    developerPrincipalId: developerPrincipalId
    developerPrincipalType: deployerPrincipalType
  }
}

module demoApi 'modules/demo-api.bicep' = if (deployDemoApi) {
  name: 'integrated-auth-demo-api'
  params: {
    name: names.demoApi
    planName: names.demoApiPlan
    storageAccountName: names.demoApiStorage
    location: demoApiLocation
    tags: tags
  }
}

// ------------------------------------------------------------------ pass 2
// The function key is written first; the vault secret only after the key
// succeeded, so the two copies can never silently diverge.
module demoApiKey 'modules/demo-api-key.bicep' = if (deployApp && deployDemoApi && writeThirdPartyApiKey) {
  name: 'integrated-auth-demo-api-key'
  params: {
    functionAppName: names.demoApi
    keyName: thirdPartyApiSecretName
    keyValue: thirdPartyApiKey
  }
  dependsOn: [
    demoApi
  ]
}

module apiKeySecret 'modules/keyvault-secret.bicep' = if (deployApp && writeThirdPartyApiKey) {
  name: 'integrated-auth-api-key-secret'
  params: {
    vaultName: keyVault.outputs.name
    secretName: thirdPartyApiSecretName
    secretValue: thirdPartyApiKey
  }
  dependsOn: [
    demoApiKey
  ]
}

module secretAccess 'modules/keyvault-secret-access.bicep' = if (deployApp) {
  name: 'integrated-auth-secret-access'
  params: {
    vaultName: keyVault.outputs.name
    secretName: thirdPartyApiSecretName
    appPrincipalId: identity.outputs.principalId
    developerPrincipalId: developerPrincipalId
    developerPrincipalType: deployerPrincipalType
  }
  dependsOn: [
    apiKeySecret
  ]
}

module containerApp 'modules/container-app.bicep' = if (deployApp) {
  name: 'integrated-auth-container-app'
  params: {
    name: names.containerApp
    location: location
    tags: tags
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryServer: registry.outputs.loginServer
    image: '${registry.outputs.loginServer}/${imageName}:${imageTag}'
    keyVaultUrl: keyVault.outputs.uri
    thirdPartyApiSecretName: thirdPartyApiSecretName
    thirdPartyApiEndpoint: deployDemoApi ? demoApi.outputs.endpoint : thirdPartyApiEndpoint
    storageQueueUrl: queue.outputs.queueUrl
    storageTableUrl: codes.outputs.tableUrl
    storagePoisonQueueUrl: codes.outputs.poisonQueueUrl
    consumerEnabled: consumerEnabled
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: concurrentRequests
    cpu: containerCpu
    memory: containerMemory
  }
  // AcrPull (registry), queue Sender (queue), the consumer's and the table's
  // roles (codes) and Key Vault Secrets User (secretAccess) must exist before
  // the first revision starts.
  dependsOn: [
    registry
    queue
    codes
    secretAccess
  ]
}

// ------------------------------------------------------------------ outputs
// Names and URLs only; nothing secret.
output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output imageRepository string = imageName
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output keyVaultName string = keyVault.outputs.name
output keyVaultId string = keyVault.outputs.id
output keyVaultUrl string = keyVault.outputs.uri
output thirdPartyApiSecretName string = thirdPartyApiSecretName
output storageAccountName string = queue.outputs.accountName
output queueName string = queue.outputs.queueName
output storageQueueUrl string = queue.outputs.queueUrl
output storageTableUrl string = codes.outputs.tableUrl
output tableName string = codes.outputs.tableName
output poisonQueueName string = codes.outputs.poisonQueueName
output demoApiName string = deployDemoApi ? names.demoApi : ''
output thirdPartyApiEndpoint string = deployDemoApi ? demoApi.outputs.endpoint : thirdPartyApiEndpoint
output containerAppName string = names.containerApp
output containerAppFqdn string = deployApp ? containerApp.outputs.fqdn : ''

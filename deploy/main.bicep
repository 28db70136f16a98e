// integrated-auth: Quarkus port of "Integrated authentication for Python apps
// with Azure services", hosted on Azure Container Apps.
//
// One template, two ways to run it (README: deploy/README.md, docs/deployment.md):
//   azd up      `azd provision` deploys this file with main.parameters.json
//               (deployApp=false); `azd deploy` builds the image in the registry
//               and deploys app.bicep on its own (the service's revision module).
//   deploy.sh   pass 1  deployApp=false  everything except the container app
//                                        (registry, identity, vault, queue, role
//                                        grants, monitoring, demo API)
//               pass 2  deployApp=true   app.bicep as a module: function key +
//                                        vault secret (when asked to write them),
//                                        Key Vault Secrets User on that secret, and
//                                        the container app with the image built in
//                                        between, and the smoke test's caller job.
// The API's app registration in Entra ID is not a resource of this template: the
// scripts make it between the passes (deploy/lib.sh, configure_api_registration;
// docs/decisions/0008-entra-app-registration-and-smoke-caller.md) and pass its ids
// to pass 2 (deploy.sh) or through azd's environment (app.parameters.json).
// Every run is an incremental deployment of the same templates; re-running
// converges to the same state. No output ever contains a secret. The outputs are
// named as azd stores them in its environment (AZURE_*), and app.parameters.json
// reads them back from there.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------- parameters
@description('Short lowercase prefix for resource names (3-8 chars, letter first).')
@minLength(3)
@maxLength(8)
param prefix string = 'intauth'

@description('Azure region for all resources except, optionally, the demo API.')
param location string = resourceGroup().location

@description('azd environment name (AZURE_ENV_NAME), tagged on every resource as azd-env-name; empty outside azd.')
param environmentName string = ''

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

@description('Region of the demo API; must offer the Flex Consumption plan. Empty = location.')
param demoApiLocation string = ''

@description('Your own RandomNumber endpoint. When set, the demo API is not deployed (whatever deployDemoApi says).')
param thirdPartyApiEndpoint string = ''

@description('Name of the Key Vault secret (and of the demo API host key).')
param thirdPartyApiSecretName string = 'third-party-api-key'

@description('Pass 2: write the API key (demo: function key + vault secret; own API: vault secret). deploy.sh sets it only when the secret is missing or a rotation is requested.')
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

@description('AUTH_ENABLED for the app: callers present Entra ID access tokens with the API\'s app roles. false serves anyone (a public demo).')
param authEnabled bool = true

@description('Pass 2: AUTH_TENANT_ID, the tenant of the API\'s app registration (deploy.sh sets it).')
param authTenantId string = ''

@description('Pass 2: AUTH_CLIENT_ID, the application (client) id of the API\'s app registration (deploy.sh sets it).')
param authClientId string = ''

@description('Pass 2: AUTH_APP_ID_URI, the registration\'s identifier URI, api://<appId> (deploy.sh sets it).')
param authAppIdUri string = ''

// ------------------------------------------------------------------- names
var suffix = uniqueString(subscription().id, resourceGroup().id, prefix)
var names = {
  logAnalytics: 'log-${prefix}-${suffix}'
  appInsights: 'appi-${prefix}-${suffix}'
  environment: 'cae-${prefix}-${suffix}'
  registry: 'cr${prefix}${suffix}'
  identity: 'id-${prefix}-integrated-auth'
  keyVault: take('kv${prefix}${suffix}', 24)
  storage: take('st${prefix}${suffix}', 24)
  containerApp: 'ca-${prefix}-integrated-auth'
  smokeTestIdentity: 'id-${prefix}-smoke-test'
  smokeTestJob: 'caj-${prefix}-smoke-test'
  // The API's app registration (Entra ID, made by the scripts): uniqueName is its key, unique in the tenant.
  apiRegistration: 'integrated-auth-${prefix}-${suffix}'
  apiRegistrationDisplay: empty(environmentName) ? 'integrated-auth-${prefix}' : 'integrated-auth-${environmentName}'
  demoApi: 'func-${prefix}-${suffix}'
  demoApiPlan: 'plan-${prefix}-${suffix}'
  demoApiStorage: take('stfn${prefix}${suffix}', 24)
}
var queueName = 'code-requests'
var imageName = 'integrated-auth'
var developerPrincipalId = grantDeveloperAccess ? deployerPrincipalId : ''
var useDemoApi = deployDemoApi && empty(thirdPartyApiEndpoint)
var demoLocation = empty(demoApiLocation) ? location : demoApiLocation
var allTags = union(tags, empty(environmentName) ? {} : {
  'azd-env-name': environmentName
})

// ------------------------------------------------------------- pass 1 + 2
module monitoring 'modules/monitoring.bicep' = {
  name: 'integrated-auth-monitoring'
  params: {
    name: names.logAnalytics
    location: location
    tags: allTags
  }
}

// Application Insights on the same workspace; the environment's OpenTelemetry
// agent sends the app's traces and logs there.
module appInsights 'modules/app-insights.bicep' = {
  name: 'integrated-auth-app-insights'
  params: {
    name: names.appInsights
    location: location
    tags: allTags
    logAnalyticsWorkspaceName: monitoring.outputs.name
  }
}

module environment 'modules/container-env.bicep' = {
  name: 'integrated-auth-environment'
  params: {
    name: names.environment
    location: location
    tags: allTags
    logAnalyticsWorkspaceName: monitoring.outputs.name
    appInsightsName: appInsights.outputs.name
  }
}

module identity 'modules/identity.bicep' = {
  name: 'integrated-auth-identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

// The smoke test's caller: its only grants are the API's app roles Codes.Issue and
// Codes.Verify (Entra ID, made by the scripts after this pass, so they have the image
// build's minutes to propagate). No Azure role.
module smokeTestIdentity 'modules/identity.bicep' = {
  name: 'integrated-auth-smoke-test-identity'
  params: {
    name: names.smokeTestIdentity
    location: location
    tags: allTags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'integrated-auth-registry'
  params: {
    name: names.registry
    location: location
    tags: allTags
    pullPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'integrated-auth-keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
  }
}

module queue 'modules/storage-queue.bicep' = {
  name: 'integrated-auth-queue'
  params: {
    name: names.storage
    location: location
    tags: allTags
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

module demoApi 'modules/demo-api.bicep' = if (useDemoApi) {
  name: 'integrated-auth-demo-api'
  params: {
    name: names.demoApi
    planName: names.demoApiPlan
    storageAccountName: names.demoApiStorage
    location: demoLocation
    tags: allTags
  }
}

// ------------------------------------------------------------------ pass 2
// The same template azd deploys on its own (app.bicep): key and secret when asked
// to write them, the secret grant, the container app. AcrPull (registry), the
// queue's roles (queue), and the consumer's and the table's roles (codes) exist
// before it starts: its parameters come from those modules' outputs.
var thirdPartyApiEndpointInUse = useDemoApi ? demoApi.outputs.endpoint : thirdPartyApiEndpoint

module app 'app.bicep' = if (deployApp) {
  // Not 'integrated-auth-app': that is the name of deploy.sh's pass 2 deployment itself.
  name: 'integrated-auth-revision'
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    containerAppName: names.containerApp
    containerAppsEnvironmentName: environment.outputs.name
    identityName: identity.outputs.name
    registryEndpoint: registry.outputs.loginServer
    image: '${registry.outputs.loginServer}/${imageName}:${imageTag}'
    keyVaultName: keyVault.outputs.name
    thirdPartyApiSecretName: thirdPartyApiSecretName
    thirdPartyApiEndpoint: thirdPartyApiEndpointInUse
    demoApiName: useDemoApi ? demoApi.outputs.name : ''
    storageQueueUrl: queue.outputs.queueUrl
    storageTableUrl: codes.outputs.tableUrl
    storagePoisonQueueUrl: codes.outputs.poisonQueueUrl
    writeThirdPartyApiKey: writeThirdPartyApiKey ? 'true' : 'false'
    thirdPartyApiKey: thirdPartyApiKey
    developerPrincipalId: developerPrincipalId
    developerPrincipalType: deployerPrincipalType
    minReplicas: string(minReplicas)
    maxReplicas: string(maxReplicas)
    concurrentRequests: concurrentRequests
    containerCpu: containerCpu
    containerMemory: containerMemory
    consumerEnabled: consumerEnabled
    authEnabled: authEnabled ? 'true' : 'false'
    authTenantId: authTenantId
    authClientId: authClientId
    authAppIdUri: authAppIdUri
    smokeTestIdentityName: smokeTestIdentity.outputs.name
    smokeTestJobName: names.smokeTestJob
  }
  dependsOn: [
    registry
    queue
    codes
  ]
}

// ------------------------------------------------------------------ outputs
// Names and URLs only; nothing secret (the Application Insights connection string
// stays inside container-env.bicep). azd stores each output in its environment
// under this name; app.parameters.json and the hooks read them from there, and
// deploy.sh reads them from the deployment. The app's FQDN is app.bicep's output
// (azd: after `azd deploy`; deploy.sh: the nested deployment integrated-auth-revision).
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_IMAGE_REPOSITORY string = imageName
output AZURE_CONTAINER_ENVIRONMENT_NAME string = environment.outputs.name
output AZURE_CONTAINER_APP_NAME string = names.containerApp
output AZURE_IDENTITY_NAME string = identity.outputs.name
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ID string = keyVault.outputs.id
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_KEY_VAULT_SECRET_NAME string = thirdPartyApiSecretName
output AZURE_STORAGE_ACCOUNT_NAME string = queue.outputs.accountName
output AZURE_STORAGE_QUEUE_NAME string = queue.outputs.queueName
output AZURE_STORAGE_QUEUE_URL string = queue.outputs.queueUrl
output AZURE_STORAGE_POISON_QUEUE_NAME string = codes.outputs.poisonQueueName
output AZURE_STORAGE_POISON_QUEUE_URL string = codes.outputs.poisonQueueUrl
output AZURE_STORAGE_TABLE_NAME string = codes.outputs.tableName
output AZURE_STORAGE_TABLE_URL string = codes.outputs.tableUrl
output AZURE_DEMO_API_NAME string = useDemoApi ? names.demoApi : ''
output APP_THIRD_PARTY_API_ENDPOINT string = thirdPartyApiEndpointInUse
output AZURE_DEVELOPER_PRINCIPAL_ID string = developerPrincipalId
output AZURE_DEVELOPER_PRINCIPAL_TYPE string = deployerPrincipalType
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.name
output AZURE_APPLICATION_INSIGHTS_NAME string = appInsights.outputs.name
output AZURE_SMOKE_TEST_IDENTITY_NAME string = smokeTestIdentity.outputs.name
output AZURE_SMOKE_TEST_IDENTITY_PRINCIPAL_ID string = smokeTestIdentity.outputs.principalId
output AZURE_SMOKE_TEST_IDENTITY_CLIENT_ID string = smokeTestIdentity.outputs.clientId
output AZURE_SMOKE_TEST_JOB_NAME string = names.smokeTestJob
output AZURE_AUTH_APP_UNIQUE_NAME string = names.apiRegistration
output AZURE_AUTH_APP_DISPLAY_NAME string = names.apiRegistrationDisplay

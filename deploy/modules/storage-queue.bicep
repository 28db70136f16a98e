// Storage account for the code-requests queue. Shared-key (account key / SAS)
// access is disabled, so every caller must present an Entra token and hold a
// queue data role. The queue is created here, never by the app, which is why
// the app only needs Storage Queue Data Message Sender.
@description('Storage account name (3-24 lowercase alphanumerics, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Queue name.')
param queueName string = 'code-requests'

@description('Principal (object) id of the app identity that sends messages.')
param senderPrincipalId string

@description('Optional principal id of the deployer, granted Storage Queue Data Reader so deploy.sh can peek; empty to skip.')
param readerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param readerPrincipalType string = 'User'

@description('Optional principal id of a developer running the service locally (Message Sender); empty to skip.')
param developerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param developerPrincipalType string = 'User'

var senderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' // Storage Queue Data Message Sender
var readerRoleId = '19e7f393-937e-4f77-808e-94535e297925' // Storage Queue Data Reader

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: queueName
}

resource appSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, senderPrincipalId, senderRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth: app sends code-request messages'
  }
}

resource deployerReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(readerPrincipalId)) {
  name: guid(queue.id, readerPrincipalId, readerRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
    principalId: readerPrincipalId
    principalType: readerPrincipalType
    description: 'integrated-auth: deployer peeks at messages (az storage message peek --auth-mode login)'
  }
}

resource developerSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(queue.id, developerPrincipalId, senderRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: developerPrincipalId
    principalType: developerPrincipalType
    description: 'integrated-auth: developer runs the service locally'
  }
}

output accountId string = account.id
output accountName string = account.name
output queueId string = queue.id
output queueName string = queue.name
// primaryEndpoints.queue ends with '/', e.g. https://<account>.queue.core.windows.net/
output queueUrl string = '${account.properties.primaryEndpoints.queue}${queueName}'
output appSenderAssignmentId string = appSender.id

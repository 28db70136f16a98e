// The codes' life cycle on the storage account of storage-queue.bicep: the
// table that records every issued code, the poison queue, and the data roles
// the app's consumer needs on them and on code-requests, each on the one
// resource (never the account). The consumer runs inside the container app.
@description('Name of the existing storage account (storage-queue.bicep).')
param accountName string

@description('The code queue (exists already).')
param queueName string = 'code-requests'

@description('Queue for messages that are not codes.')
param poisonQueueName string = 'code-requests-poison'

@description('Table of codes (letters and digits only).')
param tableName string = 'codes'

@description('Principal (object) id of the app identity.')
param appPrincipalId string

@description('Optional principal id of the deployer, granted read access to the table and the poison queue; empty to skip.')
param readerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param readerPrincipalType string = 'User'

@description('Optional principal id of a developer running the service (and its consumer) locally; empty to skip.')
param developerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param developerPrincipalType string = 'User'

var processorRoleId = '8a0f0c08-91a1-4084-bc3d-661d67233fed' // Storage Queue Data Message Processor
var senderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' // Storage Queue Data Message Sender
var queueReaderRoleId = '19e7f393-937e-4f77-808e-94535e297925' // Storage Queue Data Reader
var tableContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
var tableReaderRoleId = '76199698-9eea-4c19-bc75-cec21354c6b6' // Storage Table Data Reader

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: accountName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource queue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: queueService
  name: queueName
}

resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: poisonQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: tableName
}

// code-requests: receive and delete (Processor); sending, the issuing path's
// and the consumer's put-back, is storage-queue.bicep's Sender grant.
resource appProcessor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, appPrincipalId, processorRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', processorRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth: consumer receives and deletes code-request messages'
  }
}

// code-requests-poison: the consumer only ever adds messages there.
resource appPoisonSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(poisonQueue.id, appPrincipalId, senderRoleId)
  scope: poisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth: consumer moves messages that are not codes'
  }
}

// codes: insert, read, merge and delete entities, on this one table only.
resource appTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(table.id, appPrincipalId, tableContributorRoleId)
  scope: table
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableContributorRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth: app records, uses and removes codes'
  }
}

resource readerTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(readerPrincipalId)) {
  name: guid(table.id, readerPrincipalId, tableReaderRoleId)
  scope: table
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableReaderRoleId)
    principalId: readerPrincipalId
    principalType: readerPrincipalType
    description: 'integrated-auth: deployer looks at codes (az storage entity query --auth-mode login)'
  }
}

resource readerPoison 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(readerPrincipalId)) {
  name: guid(poisonQueue.id, readerPrincipalId, queueReaderRoleId)
  scope: poisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueReaderRoleId)
    principalId: readerPrincipalId
    principalType: readerPrincipalType
    description: 'integrated-auth: deployer peeks at poison messages'
  }
}

resource developerProcessor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(queue.id, developerPrincipalId, processorRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', processorRoleId)
    principalId: developerPrincipalId
    principalType: developerPrincipalType
    description: 'integrated-auth: developer runs the consumer locally'
  }
}

resource developerPoisonSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(poisonQueue.id, developerPrincipalId, senderRoleId)
  scope: poisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: developerPrincipalId
    principalType: developerPrincipalType
    description: 'integrated-auth: developer runs the consumer locally'
  }
}

resource developerTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(table.id, developerPrincipalId, tableContributorRoleId)
  scope: table
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableContributorRoleId)
    principalId: developerPrincipalId
    principalType: developerPrincipalType
    description: 'integrated-auth: developer runs the service locally'
  }
}

output tableName string = table.name
// primaryEndpoints.table ends with '/', e.g. https://<account>.table.core.windows.net/
output tableUrl string = '${account.properties.primaryEndpoints.table}${tableName}'
output poisonQueueName string = poisonQueue.name
output poisonQueueUrl string = '${account.properties.primaryEndpoints.queue}${poisonQueueName}'

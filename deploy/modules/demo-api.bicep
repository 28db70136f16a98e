// Demo third-party API: a Python Azure Functions app on the Flex Consumption
// plan (FC1, serverless, scale to zero) hosting the RandomNumber HTTP function
// from deploy/demo-api/. Its backing storage also has shared-key access
// disabled: the function app's system-assigned identity reaches it with
// Storage Blob Data Owner (host storage + deployment package container).
// Code is pushed by deploy.sh with a zip deployment; the function key is set
// by demo-api-key.bicep in the second pass.
@description('Function app name (globally unique host name <name>.azurewebsites.net).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Backing storage account name (3-24 lowercase alphanumerics).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Azure region; must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Python version of the Functions worker.')
@allowed([
  '3.10'
  '3.11'
  '3.12'
])
param pythonVersion string = '3.11'

var deploymentContainerName = 'deploymentpackage'
var blobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
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

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'python'
        version: pythonVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          // Identity-based host storage: no connection string, no account key.
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
      ]
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource hostStorageOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, site.id, blobDataOwnerRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataOwnerRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth demo API: Functions host storage and deployment package'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output endpoint string = 'https://${site.properties.defaultHostName}/api/RandomNumber'

// Azure Container Registry (admin user off, no anonymous pull) plus the one
// AcrPull grant for the app identity. The container app module depends on this
// module, so the grant exists before the app is created.
@description('Registry name (5-50 alphanumerics, globally unique).')
@minLength(5)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Principal (object) id of the app identity that pulls images.')
param pullPrincipalId string

var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, pullPrincipalId, acrPullRoleId)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: pullPrincipalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth: container app identity pulls its image'
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
output acrPullAssignmentId string = acrPull.id

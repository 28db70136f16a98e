// User-assigned managed identity used by the container app for Key Vault,
// Queue Storage and registry pulls. A user-assigned identity exists before the
// app does, so every role it needs can be granted before the first revision starts.
@description('Identity name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId

// Key Vault Secrets User on the ONE secret (not the whole vault) for the app
// identity and, optionally, for a developer's own Entra identity.
@description('Existing vault name.')
param vaultName string

@description('Existing secret name.')
param secretName string

@description('Principal (object) id of the app identity.')
param appPrincipalId string

@description('Optional principal id of a developer who runs the service on a laptop; empty to skip.')
param developerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param developerPrincipalType string = 'User'

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: secretName
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(secret.id, appPrincipalId, secretsUserRoleId)
  scope: secret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'integrated-auth: app reads the third-party API key'
  }
}

resource developerSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(secret.id, developerPrincipalId, secretsUserRoleId)
  scope: secret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: developerPrincipalId
    principalType: developerPrincipalType
    description: 'integrated-auth: developer runs the service locally'
  }
}

output appAssignmentId string = appSecretsUser.id

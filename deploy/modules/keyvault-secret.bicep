// Writes the third-party API key into the vault. The value arrives as a
// @secure() parameter and is never echoed in an output. Key Vault secrets are
// written through the ARM control plane, so the deployer needs no data-plane
// role (no Key Vault Secrets Officer) for this.
@description('Existing vault name.')
param vaultName string

@description('Secret name.')
param secretName string

@secure()
@description('Secret value.')
param secretValue string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

output secretId string = secret.id

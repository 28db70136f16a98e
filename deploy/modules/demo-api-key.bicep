// Sets the host-level function key "third-party-api-key" on the demo API.
// A host function key is accepted by every function whose authLevel is
// "function" (header x-functions-key or ?code=). The value is a @secure()
// parameter and is never emitted as an output.
@description('Existing function app name.')
param functionAppName string

@description('Key name.')
param keyName string

@secure()
@description('Key value.')
param keyValue string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource functionKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  name: '${site.name}/default/${keyName}'
  properties: {
    name: keyName
    value: keyValue
  }
}

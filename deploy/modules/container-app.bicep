// The integrated-auth container app. It runs as the user-assigned identity,
// which is also the identity used to pull from the registry (no admin user, no
// registry password). The caller makes this module depend on the AcrPull,
// Key Vault and queue role assignments.
@description('Container app name (lowercase letters, digits, hyphens; max 32).')
@maxLength(32)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity (AZURE_CLIENT_ID). Must not be empty.')
@minLength(36)
param identityClientId string

@description('Registry login server, e.g. myacr.azurecr.io.')
param registryServer string

@description('Full image reference, e.g. myacr.azurecr.io/integrated-auth:abc123.')
param image string

@description('KEY_VAULT_URL, e.g. https://<vault>.vault.azure.net/')
param keyVaultUrl string

@description('THIRD_PARTY_API_SECRET_NAME')
param thirdPartyApiSecretName string

@description('THIRD_PARTY_API_ENDPOINT (full URL of the RandomNumber API).')
param thirdPartyApiEndpoint string

@description('STORAGE_QUEUE_URL, e.g. https://<account>.queue.core.windows.net/code-requests')
param storageQueueUrl string

@description('STORAGE_TABLE_URL, e.g. https://<account>.table.core.windows.net/codes')
param storageTableUrl string

@description('STORAGE_POISON_QUEUE_URL, e.g. https://<account>.queue.core.windows.net/code-requests-poison')
param storagePoisonQueueUrl string

@description('APP_CONSUMER_ENABLED: run the consumer of code-requests in every replica.')
param consumerEnabled bool = true

@description('Export traces and logs over OTLP to the environment\'s managed OpenTelemetry agent (QUARKUS_OTEL_SDK_DISABLED=false). The agent injects OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL; they are deliberately not set here, since a value set here would override the agent\'s.')
param openTelemetryEnabled bool = true

@description('AUTH_ENABLED: callers must present an Entra ID access token with the API\'s app roles; false serves anyone (a public demo).')
param authEnabled bool = true

@description('AUTH_TENANT_ID: tenant of the API\'s app registration (required when authEnabled).')
param authTenantId string = ''

@description('AUTH_CLIENT_ID: application (client) id of the API\'s app registration, the tokens\' audience (required when authEnabled).')
param authClientId string = ''

@description('AUTH_APP_ID_URI: the registration\'s identifier URI (api://<appId>), also accepted as the audience; optional.')
param authAppIdUri string = ''

@description('Minimum replicas (0 allows scale to zero).')
@minValue(0)
@maxValue(30)
param minReplicas int = 1

@description('Maximum replicas.')
@minValue(1)
@maxValue(30)
param maxReplicas int = 5

@description('Concurrent HTTP requests per replica before the HTTP scale rule adds a replica.')
@minValue(1)
param concurrentRequests int = 50

@description('vCPU per replica (string, e.g. 0.25, 0.5, 1.0).')
param cpu string = '0.5'

@description('Memory per replica; must match the vCPU (0.25 -> 0.5Gi, 0.5 -> 1Gi, 1.0 -> 2Gi).')
param memory string = '1Gi'

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      // SIGTERM, then this long before SIGKILL: the service drains requests in flight for up to 20 s
      // (quarkus.shutdown.timeout) and gives the consumer's batch 5 s more (app.consumer.shutdown-grace), then exits 0.
      terminationGracePeriodSeconds: 30
      containers: [
        {
          name: 'integrated-auth'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            {
              name: 'KEY_VAULT_URL'
              value: keyVaultUrl
            }
            {
              name: 'THIRD_PARTY_API_SECRET_NAME'
              value: thirdPartyApiSecretName
            }
            {
              name: 'THIRD_PARTY_API_ENDPOINT'
              value: thirdPartyApiEndpoint
            }
            {
              name: 'STORAGE_QUEUE_URL'
              value: storageQueueUrl
            }
            {
              name: 'STORAGE_TABLE_URL'
              value: storageTableUrl
            }
            {
              name: 'STORAGE_POISON_QUEUE_URL'
              value: storagePoisonQueueUrl
            }
            {
              // The consumer runs in the service (README, "Where the consumer runs").
              name: 'APP_CONSUMER_ENABLED'
              value: string(consumerEnabled)
            }
            {
              // Who may call: Entra ID access tokens for the API's app registration (configure_api_registration in
              // deploy/lib.sh makes it). Not secrets: a tenant, a client id and a URI.
              name: 'AUTH_ENABLED'
              value: string(authEnabled)
            }
            {
              name: 'AUTH_TENANT_ID'
              value: authTenantId
            }
            {
              name: 'AUTH_CLIENT_ID'
              value: authClientId
            }
            {
              name: 'AUTH_APP_ID_URI'
              value: authAppIdUri
            }
            {
              // Selects the user-assigned identity; never set it to an empty string.
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              // Narrows DefaultAzureCredential to managed identity only (no dev-credential probing).
              name: 'AZURE_TOKEN_CREDENTIALS'
              value: 'ManagedIdentityCredential'
            }
            {
              // Tracing (and OTLP logs) on: spans and logs go to the endpoint the environment's agent injects,
              // which forwards them to Application Insights (container-env.bicep). No connection string here.
              name: 'QUARKUS_OTEL_SDK_DISABLED'
              value: openTelemetryEnabled ? 'false' : 'true'
            }
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/q/health/started'
                port: 8080
                scheme: 'HTTP'
              }
              initialDelaySeconds: 1
              periodSeconds: 3
              timeoutSeconds: 2
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/q/health/live'
                port: 8080
                scheme: 'HTTP'
              }
              periodSeconds: 30
              timeoutSeconds: 2
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/q/health/ready'
                port: 8080
                scheme: 'HTTP'
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-scaling'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

output id string = app.id
output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
output latestRevisionName string = app.properties.latestRevisionName

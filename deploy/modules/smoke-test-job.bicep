// The smoke test's caller: a Container Apps job (manual trigger) that runs deploy/smoke/caller.sh once per start, as
// its own user-assigned identity. That identity is the one principal the deployment grants the API's app roles
// Codes.Issue and Codes.Verify (deploy/lib.sh, configure_api_registration); it has no Azure role at all. The job gets
// a token from the identity endpoint, as any other Azure app's managed identity would, calls getcode and verifies the
// code twice; its execution's status is the answer the smoke test reads (deploy/lib.sh, run_smoke_job). The image is
// the Azure CLI's, pulled anonymously from MCR (no registry credential, no AcrPull); only sh and curl are used. A job
// costs nothing between executions.
@description('Job name (lowercase letters, digits, hyphens; max 32).')
@maxLength(32)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Resource id of the caller\'s user-assigned identity.')
param identityId string

@description('Client id of that identity: the token is requested for it (CALLER_CLIENT_ID).')
@minLength(36)
param identityClientId string

@description('Image with sh and curl, pulled anonymously.')
param image string

@description('API_BASE_URL: the app, e.g. https://ca-intauth-integrated-auth.<environment domain>.')
param apiBaseUrl string

@description('API_RESOURCE: the resource a token is requested for (AUTH_APP_ID_URI, or AUTH_CLIENT_ID); empty = call without a token (AUTH_ENABLED=false).')
param apiResource string = ''

@description('Attempts at getcode (and at a token) before the execution fails.')
@minValue(1)
param attempts int = 20

@description('Seconds between attempts.')
@minValue(1)
param pauseSeconds int = 15

resource job 'Microsoft.App/jobs@2024-03-01' = {
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
      triggerType: 'Manual'
      // attempts x pauseSeconds (5 min by default) of retries, the calls themselves and the image pull.
      replicaTimeout: 900
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
    }
    template: {
      containers: [
        {
          name: 'smoke-test'
          image: image
          command: [
            '/bin/sh'
            '-c'
            loadTextContent('../smoke/caller.sh')
          ]
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
          env: [
            {
              name: 'API_BASE_URL'
              value: apiBaseUrl
            }
            {
              name: 'API_RESOURCE'
              value: apiResource
            }
            {
              name: 'CALLER_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'ATTEMPTS'
              value: string(attempts)
            }
            {
              name: 'PAUSE_SECONDS'
              value: string(pauseSeconds)
            }
          ]
        }
      ]
    }
  }
}

output id string = job.id
output name string = job.name

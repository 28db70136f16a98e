// Container Apps environment (workload-profiles environment using only the
// serverless Consumption profile) wired to the Log Analytics workspace, with the
// managed OpenTelemetry agent sending the apps' traces and logs to Application
// Insights. The agent gives every app OTEL_EXPORTER_OTLP_ENDPOINT and
// OTEL_EXPORTER_OTLP_PROTOCOL (grpc); the app only has to switch its SDK on.
//
// API version: appInsightsConfiguration and openTelemetryConfiguration exist in the
// preview API versions only (2025-07-01, the latest stable one, has neither), so
// this module uses 2024-10-02-preview, the version of Microsoft's own Bicep example
// (Container Apps, "Collect and read OpenTelemetry data").
@description('Environment name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Name of the Log Analytics workspace in this resource group.')
param logAnalyticsWorkspaceName string

@description('Name of the Application Insights resource (app-insights.bicep) that receives traces and logs.')
param appInsightsName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        // Consumed by the resource only; never emitted as an output.
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    // Read here, consumed by the environment's agent only: never an app setting, never an output.
    appInsightsConfiguration: {
      connectionString: appInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: false
  }
}

output id string = environment.id
output name string = environment.name
output defaultDomain string = environment.properties.defaultDomain

// Application Insights on the existing Log Analytics workspace (workspace-based: its data lands in the workspace's
// AppRequests, AppDependencies and AppTraces tables). Only the Container Apps environment's managed OpenTelemetry
// agent sends to it, with the connection string it reads from this resource (container-env.bicep); no app setting,
// secret or output carries the connection string or the instrumentation key.
@description('Application Insights name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Name of the Log Analytics workspace in this resource group.')
param logAnalyticsWorkspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // The managed agent authenticates with the connection string only; Entra-only ingestion
    // (DisableLocalAuth: true) would make it drop everything (Container Apps, "OpenTelemetry agents").
    DisableLocalAuth: false
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

output id string = appInsights.id
output name string = appInsights.name

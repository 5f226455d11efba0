// Social Desk on Azure: one resource group, everything the bot needs, nothing it does not.
//
// What it creates (all in `location`, UK South by default, except the bot registration, which is global):
//   - a user-assigned managed identity: the bot's identity to Teams, to Table Storage and to Graph.
//     No client secret exists anywhere.
//   - a Storage account for the register (Azure Tables): HTTPS only, TLS 1.2+, shared keys disabled,
//     no public blob access; the identity gets *Storage Table Data Contributor* on this account only.
//   - Log Analytics (the container's JSON log lines) and a workspace-based Application Insights.
//   - an App Service plan (Linux) and a web app running the container: HTTPS only, TLS 1.2+, FTP and
//     basic-auth publishing off, health check on /readyz.
//   - the Azure Bot (UserAssignedMSI, single tenant) and its Microsoft Teams channel.
//
// What it does not do (see docs/deploy.md): grant the identity Graph's GroupMember.Read.All (an
// Entra ID admin consents to that), build or push the container image, upload the Teams app.
//
// Outputs are names, host names and the identity's client id: no keys, no connection strings.
// Reviewed by hand: the Bicep CLI was not available where this was written; run
// `az bicep build --file infra/main.bicep` and `az deployment group what-if` before the first deploy.

targetScope = 'resourceGroup'

@description('Short lower-case prefix for every resource name, e.g. "sdnhs" (3-11 letters or digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Region for everything except the global bot registration.')
param location string = 'uksouth'

@description('The container image to run, e.g. "myregistry.azurecr.io/socialdesk:0.1.0".')
param containerImage string

@description('App Service plan SKU: B1 is enough for one comms team; P0v3 for zone redundancy.')
@allowed(['B1', 'B2', 'S1', 'P0v3', 'P1v3'])
param appServiceSku string = 'B1'

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams) or S1.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Object id of the Entra ID security group whose members may record blocks (empty: none).')
param editorsGroupId string = ''

@description('The Trust\'s Entra ID tenant id.')
param tenantId string = subscription().tenantId

var names = {
  identity: '${namePrefix}-id'
  storage: toLower('${namePrefix}reg${uniqueString(resourceGroup().id)}')
  logs: '${namePrefix}-logs'
  insights: '${namePrefix}-ai'
  plan: '${namePrefix}-plan'
  web: '${namePrefix}-${uniqueString(resourceGroup().id)}'
  bot: '${namePrefix}-bot'
}

// Built-in role: Storage Table Data Contributor (read and write table entities; no keys, no management).
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(names.storage, 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' } // three copies across UK South's zones
  properties: {
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // only Entra ID tokens: an account key could not be leaked
    defaultToOAuthAuthentication: true
  }
}

// The identity may read and write table entities in this account, and nothing else.
resource tableAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, tableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: false // the SDK's connection string authenticates ingestion
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: names.plan
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true } // Linux
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: names.web
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      // Pull from Azure Container Registry with the same identity (give it AcrPull on the registry).
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identity.properties.clientId
      alwaysOn: true // the daily digest runs inside the bot
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'WEBSITES_PORT', value: '3978' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppTenantId', value: tenantId }
        { name: 'SOCIALDESK_STORE', value: 'azure-table' }
        { name: 'SOCIALDESK_TABLE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.table }
        { name: 'SOCIALDESK_EDITORS_GROUP', value: editorsGroupId }
        { name: 'SOCIALDESK_LOG_FORMAT', value: 'json' }
        // Spans and counters to Application Insights (no post text or ids); empty switches them off.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
      ]
    }
  }
}

// The container's JSON log lines (and the HTTP log) go to Log Analytics, where they can be queried.
resource webLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: web
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
    ]
  }
}

// No FTP or basic-auth deployment credentials: deployments go through Entra ID.
resource noFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'ftp'
  properties: { allow: false }
}

resource noScmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'scm'
  properties: { allow: false }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'Social Desk'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Names and addresses only: nothing here grants access to anything.
output webHostName string = web.properties.defaultHostName
output messagingEndpoint string = 'https://${web.properties.defaultHostName}/api/messages'
output botClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output tableEndpoint string = storage.properties.primaryEndpoints.table

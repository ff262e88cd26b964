targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to derive a short unique token for resource names.')
param environmentName string

@minLength(1)
@description('Region for all resources; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer running azd (AZURE_PRINCIPAL_ID); gets data access to storage and Key Vault.')
param principalId string = ''

@description('Provider used when a request names none (segmind, scenario, runware, gmicloud, luma, mock). Empty means the first provider with a key, else mock.')
param defaultProvider string = ''

@description('How long a generation may wait for its provider, as a TimeSpan (e.g. 00:10:00). Empty means 10 minutes.')
param jobTimeout string = ''

@secure()
@minLength(16)
@description('Server secret for the HMAC tokens in provider callback URLs (any long random string).')
param callbackSecret string

@secure()
@minLength(16)
@description('Secret callers verify webhook signatures with (Standard Webhooks, e.g. whsec_<base64>).')
param webhookSecret string

@description('Optional storage queue that receives a message per finished generation. Empty disables it.')
param notificationQueueName string = ''

@secure()
param segmindApiKey string = ''
@secure()
param scenarioApiKey string = ''
@secure()
param scenarioApiSecret string = ''
@secure()
param runwareApiKey string = ''
@secure()
param gmiCloudApiKey string = ''
@secure()
param lumaApiKey string = ''

@description('Days an archived output is kept in the outputs container before a lifecycle rule deletes it (empty: 30; 0 keeps them forever).')
param outputRetentionDays string = ''

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var outputContainerName = 'outputs'
var editRequestContainerName = 'edit-requests'
var requestQueueName = 'generation-requests'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'

// Key Vault secret names, and the app setting each one feeds.
var secretSettings = [
  { setting: 'Pipeline__CallbackSecret', secret: 'pipeline-callback-secret', value: callbackSecret }
  { setting: 'Notifications__WebhookSecret', secret: 'notifications-webhook-secret', value: webhookSecret }
  { setting: 'Providers__Segmind__ApiKey', secret: 'segmind-api-key', value: segmindApiKey }
  { setting: 'Providers__Scenario__ApiKey', secret: 'scenario-api-key', value: scenarioApiKey }
  { setting: 'Providers__Scenario__ApiSecret', secret: 'scenario-api-secret', value: scenarioApiSecret }
  { setting: 'Providers__Runware__ApiKey', secret: 'runware-api-key', value: runwareApiKey }
  { setting: 'Providers__GmiCloud__ApiKey', secret: 'gmicloud-api-key', value: gmiCloudApiKey }
  { setting: 'Providers__Luma__ApiKey', secret: 'luma-api-key', value: lumaApiKey }
]
var providedSecrets = filter(secretSettings, s => !empty(s.value))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity './app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring './app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage './app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: [outputContainerName, editRequestContainerName, deploymentContainerName]
    queueNames: empty(notificationQueueName) ? [requestQueueName] : [requestQueueName, notificationQueueName]
    expiringContainerName: outputContainerName
    deleteAfterDays: empty(outputRetentionDays) ? 30 : int(outputRetentionDays)
  }
}

module keyVault './app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    secrets: toObject(providedSecrets, s => s.secret, s => s.value)
  }
}

module eventGrid './app/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    topicName: '${abbrs.eventGridDomainsTopics}${resourceToken}'
    systemTopicName: '${abbrs.eventGridSystemTopics}storage-${resourceToken}'
    storageAccountId: storage.outputs.id
    location: location
    tags: tags
  }
}

module rbac './app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    topicName: eventGrid.outputs.topicName
    keyVaultName: keyVault.outputs.name
  }
}

// Pipeline settings (design.md, "Configuration"). Secrets are Key Vault references resolved with the app's identity.
var pipelineSettings = {
  Pipeline__DefaultProvider: defaultProvider
  Pipeline__JobTimeout: empty(jobTimeout) ? '00:10:00' : jobTimeout
  Storage__ServiceUri: storage.outputs.blobEndpoint
  Storage__OutputContainer: outputContainerName
  Notifications__EventGridTopicEndpoint: eventGrid.outputs.topicEndpoint
  MaintenancePurgeSchedule: '0 30 3 * * *'
  Maintenance__PurgeAfter: '7.00:00:00'
}
var queueSettings = empty(notificationQueueName) ? {} : {
  Notifications__QueueName: notificationQueueName
  Storage__QueueServiceUri: storage.outputs.queueEndpoint
}
var secretReferences = toObject(providedSecrets, s => s.setting, s => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${s.secret})')

module api './app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appSettings: union(pipelineSettings, queueSettings, secretReferences)
  }
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output API_BASE_URL string = '${api.outputs.uri}/api'
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_OUTPUT_CONTAINER string = outputContainerName
output AZURE_STORAGE_EDIT_REQUEST_CONTAINER string = editRequestContainerName
output AZURE_STORAGE_REQUEST_QUEUE string = requestQueueName
output AZURE_EVENTGRID_TOPIC_NAME string = eventGrid.outputs.topicName
output AZURE_EVENTGRID_TOPIC_ENDPOINT string = eventGrid.outputs.topicEndpoint
output AZURE_EVENTGRID_STORAGE_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString

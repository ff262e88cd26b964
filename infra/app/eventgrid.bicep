// Event Grid: a custom topic (CloudEvents 1.0, Entra-only) the pipeline publishes completion events to, and a system
// topic on the storage account for BlobCreated events of the edit-requests container (blob-drop edits). Event Grid
// validates a subscription against running code, so subscriptions are added after the first deploy (see README).
param topicName string
param systemTopicName string
param storageAccountId string
param location string
param tags object = {}

resource completionTopic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource storageEvents 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output topicName string = completionTopic.name
output topicEndpoint string = completionTopic.properties.endpoint
output systemTopicName string = storageEvents.name

// One storage account for the Durable task hub (blobs, queues, tables), the archived outputs, the blob-drop edit
// requests, the request queue and the deployment package. Shared keys are disabled: every client uses Entra ID.
param name string
param location string
param tags object = {}
@description('Blob containers to create (outputs, edit requests, the deployment package).')
param containerNames array
@description('Storage queues to create (generation requests, optional notifications).')
param queueNames array
@description('Container whose blobs a lifecycle rule deletes after deleteAfterDays (the archived outputs).')
param expiringContainerName string = ''
@description('Days after its last modification an archived output is deleted; 0 keeps them forever.')
@minValue(0)
param deleteAfterDays int = 0

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource containers 'containers' = [for containerName in containerNames: {
      name: containerName
      properties: {
        publicAccess: 'None'
      }
    }]
  }

  // Retention of the archived outputs: storage deletes them itself, no function runs for it.
  resource lifecycle 'managementPolicies' = if (!empty(expiringContainerName) && deleteAfterDays > 0) {
    name: 'default'
    properties: {
      policy: {
        rules: [
          {
            name: 'delete-archived-outputs'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: ['blockBlob']
                prefixMatch: ['${expiringContainerName}/']
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: deleteAfterDays
                  }
                }
              }
            }
          }
        ]
      }
    }
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource queues 'queues' = [for queueName in queueNames: {
      name: queueName
    }]
  }

  resource tableServices 'tableServices' = {
    name: 'default'
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table

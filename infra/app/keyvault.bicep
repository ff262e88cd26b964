// Key Vault (RBAC authorization) holding the provider API keys and the pipeline's secrets. The function app reads them
// through Key Vault references resolved with its user-assigned identity (Key Vault Secrets User).
param name string
param location string
param tags object = {}

@secure()
@description('Secret name -> value. Empty values are skipped (that provider stays unconfigured).')
param secrets object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(secrets): if (!empty(secret.value)) {
  parent: vault
  name: secret.key
  properties: {
    value: secret.value
  }
}]

output name string = vault.name
output uri string = vault.properties.vaultUri

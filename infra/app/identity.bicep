// The user-assigned identity the function app uses for everything: host storage (Durable task hub), outputs,
// Event Grid, Key Vault references and Application Insights. Nothing in the app holds a key.
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId

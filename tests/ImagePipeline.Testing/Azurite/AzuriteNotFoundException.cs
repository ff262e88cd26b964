namespace ImagePipeline.Testing.Azurite;

/// <summary>Azurite is not installed where tests look for it; the message says how to install it.</summary>
public sealed class AzuriteNotFoundException(string message) : Exception(message);

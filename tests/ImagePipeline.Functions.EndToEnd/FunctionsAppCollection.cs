namespace ImagePipeline.Functions.EndToEnd;

/// <summary>Every end-to-end test shares one published app and one host, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsAppCollection : ICollectionFixture<FunctionsAppFixture>
{
    public const string Name = "Functions host";
}

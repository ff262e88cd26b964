namespace ImagePipeline.Standalone.Auth;

/// <summary><c>Api:Keys</c> (<c>Api__Keys__0</c>, <c>Api__Keys__1</c>, …): the keys callers may send. Several, so one
/// can be rotated while the other still works.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Api";

    public List<string> Keys { get; set; } = [];
}

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>An instance parked because its journal could not be written: which, since when, and why.</summary>
internal sealed record StalledInstance(InstanceRunner Runner, DateTimeOffset Since, string LastError);

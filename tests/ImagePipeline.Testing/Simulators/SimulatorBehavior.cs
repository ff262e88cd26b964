namespace ImagePipeline.Testing.Simulators;

/// <summary>What a simulator is scripted to do. Change it at any time; simulators read it per request.</summary>
public sealed class SimulatorBehavior
{
    /// <summary>How long a job runs from its submit until the provider reports it finished (real time).</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.Zero;
    /// <summary>Delay added before every answer.</summary>
    public TimeSpan ResponseLatency { get; set; } = TimeSpan.Zero;
    /// <summary>When set, every job ends failed with this provider message.</summary>
    public string? FailJobsWith { get; set; }
    /// <summary>When true, job records and output files answer as expired (404 / 403 as the provider does).</summary>
    public bool ResultsExpired { get; set; }
    /// <summary>How the next submit misbehaves.</summary>
    public SubmitFault SubmitFault { get; set; } = SubmitFault.None;
    /// <summary>How long a <see cref="SubmitFault.TimeoutAfterAccept"/> submit hangs before answering.</summary>
    public TimeSpan SubmitHang { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The next N requests of any kind are refused with 429 and the provider's own rate-limit headers.</summary>
    public int RateLimitNextRequests { get; set; }
    /// <summary>The wait announced with those 429s.</summary>
    public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>The next N status/result reads answer 503 (transient).</summary>
    public int ServerErrorNextQueries { get; set; }
    /// <summary>The next N output downloads answer 503 (a transient fault of the provider's storage).</summary>
    public int ServerErrorNextDownloads { get; set; }
    /// <summary>Whether the provider POSTs webhooks when it has a callback URL.</summary>
    public bool SendWebhooks { get; set; } = true;
    /// <summary>How many times each webhook is delivered (providers retry, so duplicates happen).</summary>
    public int WebhookDeliveries { get; set; } = 1;
    /// <summary>Size of the images the simulator serves.</summary>
    public int ImageWidth { get; set; } = 64;
    public int ImageHeight { get; set; } = 48;
    /// <summary>When set, each served PNG is padded to this many bytes (with an ancillary chunk of incompressible
    /// bytes), so archiving moves the volume of a real output.</summary>
    public int? OutputBytes { get; set; }
}

namespace ImagePipeline.Testing.Simulators;

/// <summary>Scripted submit misbehaviour. The "after accept" faults create the job (and count the submit) before failing,
/// which is exactly the case a client must never re-send.</summary>
public enum SubmitFault
{
    None,
    /// <summary>Accept the job, then hang for <see cref="SimulatorBehavior.SubmitHang"/> before answering.</summary>
    TimeoutAfterAccept,
    /// <summary>Accept the job, then answer 500.</summary>
    ServerErrorAfterAccept,
    /// <summary>Refuse with 400 and the provider's error body.</summary>
    BadRequest,
    /// <summary>Refuse with 401.</summary>
    Unauthorized,
    /// <summary>Refuse for lack of credits (each provider's own way).</summary>
    InsufficientCredits,
}

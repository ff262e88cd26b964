using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Drops;

/// <summary>The <c>EditDrops</c> configuration section: how dropped images (blob container <c>edit-requests</c>, or the
/// standalone inbox folder) are turned into edits. The folder itself is <c>Inbox:Directory</c>.</summary>
public sealed class EditDropOptions
{
    public const string SectionName = "EditDrops";

    /// <summary>The blob container images are dropped into.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "EditDrops:Container is required.")]
    public string Container { get; set; } = "edit-requests";

    /// <summary>Larger drops end Failed with invalid_input (checked before anything is read).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "EditDrops:MaxImageBytes and MaxSidecarBytes must be positive.")]
    public long MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Larger sidecars end Failed with invalid_request.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "EditDrops:MaxImageBytes and MaxSidecarBytes must be positive.")]
    public int MaxSidecarBytes { get; set; } = 64 * 1024;

    /// <summary>How long after an image was written its JSON sidecar may still arrive: an image without a prompt in its
    /// metadata and without a sidecar is given until then before it fails for want of a prompt.</summary>
    public TimeSpan SidecarWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lifetime of the read-only SAS a URL-only provider (Segmind, GMI Cloud) downloads a dropped blob with.</summary>
    public TimeSpan SasLifetime { get; set; } = TimeSpan.FromMinutes(30);
}

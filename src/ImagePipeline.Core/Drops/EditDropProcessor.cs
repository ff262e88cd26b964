using System.Globalization;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Imaging;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Serialization;
using ImagePipeline.Starting;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Drops;

/// <summary>
/// Turns one dropped image into an edit, the same way on both hosts (blob trigger, container poller, folder watcher):
/// the generation id comes from the drop's version (<see cref="EditDropKeys"/>), so processing the same version again
/// starts nothing; the image travels as a stored-input reference; an unusable drop (not an image, too large, no prompt,
/// an invalid instruction) still becomes a generation that ends Failed with the reason and notifies its callbackUrl.
/// The drop is then marked (started/failed), never deleted.
/// </summary>
public sealed class EditDropProcessor(GenerationStarter starter, IOptions<EditDropOptions> options, TimeProvider timeProvider, ILogger<EditDropProcessor> logger)
{
    /// <summary>Metadata key echoed in the generation's status naming the drop it came from.</summary>
    public const string SourceMetadataKey = "editDrop";

    readonly EditDropOptions _options = options.Value;

    public async Task<EditDropOutcome> ProcessAsync(IEditDrop drop, IWorkflowClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drop);
        ArgumentNullException.ThrowIfNull(client);
        if (EditDropNames.IsIgnored(drop.Name)) return EditDropOutcome.Ignored;

        var id = GenerationIds.FromKey(drop.Scope, drop.Key);
        if (await client.GetAsync(id, cancellationToken) is { } existing)
            return await MarkExistingAsync(drop, id, existing, cancellationToken);

        var (instruction, instructionProblem) = await ReadInstructionAsync(drop, cancellationToken);
        var request = (instruction ?? new EditDropInstruction()).ToRequest(drop.InputReferenceFor(id),
            new Dictionary<string, string> { [SourceMetadataKey] = drop.Location });

        var rejection = await CheckContentAsync(drop, cancellationToken)
            ?? instructionProblem
            ?? (instruction is { HasPrompt: true } ? null : NoPrompt(drop));
        if (rejection is not null) return await RejectAsync(drop, client, request, rejection, cancellationToken);

        var outcome = await starter.StartAsync(client, request, drop.Key, drop.Scope, cancellationToken, allowStoredInputs: true);
        if (!outcome.Validation.IsValid)
        {
            return await RejectAsync(drop, client, request, new ProviderError(ProviderErrorCodes.InvalidRequest,
                $"The instruction of {drop.Location} is invalid: {outcome.Validation}"), cancellationToken);
        }

        await drop.MarkStartedAsync(id, cancellationToken);
        if (!outcome.Created)
        {
            // Started concurrently by another delivery of the same drop.
            logger.LogInformation("Drop {DropLocation} is generation {GenerationId}, started elsewhere", drop.Location, id);
            return new EditDropOutcome(EditDropDisposition.AlreadyHandled, id);
        }
        logger.LogInformation("Drop {DropLocation} started edit {GenerationId}", drop.Location, id);
        return new EditDropOutcome(EditDropDisposition.Started, id);
    }

    /// <summary>Metadata with a prompt wins (it belongs to exactly this blob version); otherwise the sidecar; otherwise
    /// whatever the metadata holds (a callbackUrl to tell about the missing prompt). A sidecar may arrive just after
    /// its image, so an image without either waits until <see cref="EditDropOptions.SidecarWait"/> after it was written.</summary>
    async Task<(EditDropInstruction? Instruction, ProviderError? Problem)> ReadInstructionAsync(IEditDrop drop, CancellationToken cancellationToken)
    {
        var fromMetadata = EditDropInstruction.FromMetadata(drop.Metadata);
        if (fromMetadata is { HasPrompt: true }) return (fromMetadata, null);

        var sidecar = await drop.ReadSidecarAsync(_options.MaxSidecarBytes, cancellationToken);
        if (sidecar is null)
        {
            var waitUntil = drop.LastModified + _options.SidecarWait;
            var wait = waitUntil - timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                logger.LogInformation("Drop {DropLocation} has no prompt yet; waiting {Wait} for its sidecar", drop.Location, wait);
                await Task.Delay(wait, timeProvider, cancellationToken);
                sidecar = await drop.ReadSidecarAsync(_options.MaxSidecarBytes, cancellationToken);
            }
        }
        if (sidecar is null) return (fromMetadata, null);

        var sidecarName = EditDropNames.SidecarOf(drop.Name);
        if (sidecar.Length > _options.MaxSidecarBytes)
        {
            return (fromMetadata, new ProviderError(ProviderErrorCodes.InvalidRequest, string.Create(CultureInfo.InvariantCulture,
                $"The sidecar {sidecarName} is larger than {_options.MaxSidecarBytes} bytes.")));
        }
        try
        {
            return (EditDropInstruction.FromSidecar(sidecar), null);
        }
        catch (JsonException ex)
        {
            return (fromMetadata, new ProviderError(ProviderErrorCodes.InvalidRequest, $"The sidecar {sidecarName} is not a valid JSON instruction: {ex.Message}"));
        }
    }

    /// <summary>Size first (nothing read), then the magic bytes.</summary>
    async Task<ProviderError?> CheckContentAsync(IEditDrop drop, CancellationToken cancellationToken)
    {
        if (drop.Length > _options.MaxImageBytes)
        {
            return new ProviderError(ProviderErrorCodes.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                $"{drop.Location} is too large: {drop.Length} bytes, and dropped images may be at most {_options.MaxImageBytes} bytes."));
        }
        var prefix = drop.Length == 0 ? [] : await drop.ReadPrefixAsync(ImageFormatSniffer.SignatureLength, cancellationToken);
        return ImageFormatSniffer.DetectFormat(prefix) == ImageFormat.Unknown
            ? new ProviderError(ProviderErrorCodes.InvalidInput, $"{drop.Location} is not an image: a PNG, JPEG, WebP or GIF file is expected.")
            : null;
    }

    static ProviderError NoPrompt(IEditDrop drop) => new(ProviderErrorCodes.InvalidRequest,
        $"{drop.Location} has no prompt: give it a 'prompt' (blob metadata) or put {{\"prompt\": \"...\"}} in the sidecar {EditDropNames.SidecarOf(drop.Name)}.");

    async Task<EditDropOutcome> RejectAsync(IEditDrop drop, IWorkflowClient client, GenerationRequest request, ProviderError rejection, CancellationToken cancellationToken)
    {
        var outcome = await starter.StartRejectedAsync(client, request, rejection, drop.Key, drop.Scope, cancellationToken);
        var id = outcome.GenerationId!;
        await drop.MarkFailedAsync(id, rejection.Message, cancellationToken);
        logger.LogWarning("Drop {DropLocation} rejected as generation {GenerationId}: {ErrorCode} {Reason}", drop.Location, id, rejection.Code, rejection.Message);
        return new EditDropOutcome(outcome.Created ? EditDropDisposition.Rejected : EditDropDisposition.AlreadyHandled, id, rejection.Message);
    }

    /// <summary>A drop seen again: mark it as its generation went (a crash may have come between start and mark).</summary>
    async Task<EditDropOutcome> MarkExistingAsync(IEditDrop drop, string id, WorkflowInstance existing, CancellationToken cancellationToken)
    {
        var input = existing.SerializedInput is { } json ? JsonSerializer.Deserialize<GenerationWorkflowInput>(json, WorkflowJson.Options) : null;
        if (input?.Rejection is { } rejection)
            await drop.MarkFailedAsync(id, rejection.Message, cancellationToken);
        else
            await drop.MarkStartedAsync(id, cancellationToken);
        logger.LogInformation("Drop {DropLocation} was already handled as generation {GenerationId}", drop.Location, id);
        return new EditDropOutcome(EditDropDisposition.AlreadyHandled, id, input?.Rejection?.Message);
    }
}

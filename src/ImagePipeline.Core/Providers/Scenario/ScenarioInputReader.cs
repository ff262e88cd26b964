using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;
using ImagePipeline.Security;

namespace ImagePipeline.Providers.Scenario;

/// <summary>Turns a request's image (data URI or URL) into bytes for a Scenario asset upload, refusing anything
/// at or over the asset size limit before it is sent (or fully downloaded). URLs are fetched through the transport's
/// guarded client, so a link to a non-public address is refused before anything connects to it.</summary>
internal sealed class ScenarioInputReader(ProviderHttpTransport transport, long maxBytes)
{
    const int ChunkSize = 81_920;

    public async Task<ScenarioInputImage> ReadAsync(string field, string value, CancellationToken cancellationToken)
    {
        if (DataUri.TryParse(value, out var dataUri))
        {
            // Decoded size from the base64 length, so an oversized input is refused without decoding it.
            var padding = dataUri.Base64.EndsWith("==", StringComparison.Ordinal) ? 2 : dataUri.Base64.EndsWith('=') ? 1 : 0;
            var size = (long)dataUri.Base64.Length / 4 * 3 - padding;
            if (size > maxBytes) throw TooLarge(field, size);
            try
            {
                return new ScenarioInputImage(dataUri.GetBytes(), dataUri.MediaType);
            }
            catch (FormatException ex)
            {
                throw new ProviderException(ProviderNames.Scenario, ProviderErrorCodes.InvalidInput,
                    $"{field} is not valid base64 image data.", innerException: ex);
            }
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            return await DownloadAsync(field, url, cancellationToken);

        throw new ProviderException(ProviderNames.Scenario, ProviderErrorCodes.InvalidInput,
            $"{field} must be an https URL or a base64 data URI to be uploaded to Scenario.");
    }

    async Task<ScenarioInputImage> DownloadAsync(string field, Uri url, CancellationToken cancellationToken)
    {
        ProviderDownload download;
        try
        {
            download = await transport.DownloadAsync(url, cancellationToken, subject: field);
        }
        catch (ProviderException ex) when (ex.InnerException is OutboundRequestRefusedException)
        {
            throw new ProviderException(ProviderNames.Scenario, ProviderErrorCodes.InvalidInput, ex.Message, innerException: ex);
        }
        catch (ProviderResultExpiredException ex)
        {
            // The transport reads 403/404/410 as an expired result; for an input it means the link cannot be read.
            throw new ProviderException(ProviderNames.Scenario, ProviderErrorCodes.InvalidInput,
                $"{field} could not be downloaded from {url.Host} ({(int?)ex.StatusCode}).", ex.StatusCode, ex.ProviderMessage, innerException: ex);
        }

        await using (download)
        {
            if (download.Length > maxBytes) throw TooLarge(field, download.Length.Value);

            // Bounded copy: a missing or lying Content-Length must not let an oversized body into memory.
            using var buffer = new MemoryStream();
            var chunk = new byte[ChunkSize];
            int read;
            try
            {
                while ((read = await download.Content.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > maxBytes) throw TooLarge(field, buffer.Length + read);
                    buffer.Write(chunk, 0, read);
                }
            }
            catch (OutboundRequestRefusedException ex)
            {
                // The guard's own size cap (larger than Scenario's) can only trip first if the limits are changed.
                throw new ProviderException(ProviderNames.Scenario, ProviderErrorCodes.InvalidInput,
                    $"{field} was {OutboundRequestRefusedException.PublicReason}.", innerException: ex);
            }
            var mediaType = download.ContentType is { } type && type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? type : "image/png";
            return new ScenarioInputImage(buffer.ToArray(), mediaType);
        }
    }

    ProviderException TooLarge(string field, long size) =>
        new(ProviderNames.Scenario, ProviderErrorCodes.InvalidInput,
            $"{field} is too large for Scenario: assets must be under 6 MB (at most {maxBytes} bytes); this image has at least {size} bytes.");
}

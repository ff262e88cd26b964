using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Listing;

/// <summary>Where a page of the listing ended: the last generation it looked at. Keyset paging, so generations started
/// while a caller pages (newer than the first page) neither shift nor repeat items. Written as an opaque token.</summary>
internal sealed record ListingCursor(DateTimeOffset CreatedAt, string InstanceId)
{
    const string Version = "e1";

    public string ToToken() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Version}:{CreatedAt.UtcTicks}:{InstanceId}")));

    public static ListingCursor Parse(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(':', 3);
            if (parts.Length == 3 && parts[0] == Version
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && parts[2].Length > 0)
            {
                return new ListingCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[2]);
            }
        }
        catch (FormatException)
        {
        }
        throw new InvalidContinuationTokenException();
    }
}

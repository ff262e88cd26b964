using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>Maps caller-chosen instance ids (any characters, any case) to safe file names: a short readable prefix
/// for people looking at the folder plus a hash of the exact id, so ids that differ only in case or in unsafe
/// characters never share a file, even on case-insensitive file systems.</summary>
internal static class InstanceFileNames
{
    const int ReadablePrefixLength = 40;

    public static string For(string instanceId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(instanceId));
        var builder = new StringBuilder(ReadablePrefixLength + 1 + 32);
        foreach (var c in instanceId.AsSpan(0, Math.Min(instanceId.Length, ReadablePrefixLength)))
        {
            builder.Append(c switch
            {
                >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' => c,
                >= 'A' and <= 'Z' => char.ToLowerInvariant(c),
                _ => '_',
            });
        }

        builder.Append('.');
        builder.Append(Convert.ToHexStringLower(hash, 0, 16));
        return builder.ToString();
    }
}

namespace ImagePipeline.Pipeline;

/// <summary>Recognises the file-system faults that mean "this folder cannot take writes right now" (full or
/// read-only), as opposed to a fault of the one operation. Such faults heal when space is freed or the mount is
/// fixed, so work that hit them is parked and resumed, not failed.</summary>
public static class LocalStorageFaults
{
    // Unix errno values surface as the IOException's HResult on Linux and macOS.
    const int Enospc = 28;
    const int Erofs = 30;
    const int Edquot = 122;
    const int EdquotMac = 69;

    // Windows: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL, ERROR_WRITE_PROTECT as HRESULTs.
    const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    const int WindowsDiskFull = unchecked((int)0x80070070);
    const int WindowsWriteProtect = unchecked((int)0x80070013);

    /// <summary>True when <paramref name="exception"/> (or one it wraps) is a full or read-only file system.</summary>
    public static bool IsUnwritable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is IOException io && IsUnwritableCode(io.HResult))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A short reason for people: "no space left", "read-only", or the message.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is IOException io)
            {
                switch (io.HResult)
                {
                    case Enospc or WindowsHandleDiskFull or WindowsDiskFull:
                        return "no space left on the device";
                    case Edquot when OperatingSystem.IsLinux():
                    case EdquotMac when OperatingSystem.IsMacOS():
                        return "disk quota exceeded";
                    case Erofs or WindowsWriteProtect:
                        return "the file system is read-only";
                }
            }

            if (current is UnauthorizedAccessException)
            {
                return "write access is denied";
            }
        }

        return exception.Message;
    }

    static bool IsUnwritableCode(int hresult) => hresult switch
    {
        WindowsHandleDiskFull or WindowsDiskFull or WindowsWriteProtect => OperatingSystem.IsWindows(),
        Enospc or Erofs => !OperatingSystem.IsWindows(),
        Edquot => OperatingSystem.IsLinux(),
        EdquotMac => OperatingSystem.IsMacOS(),
        _ => false,
    };
}

namespace KlingO1.WebApi.Storage;

/// <summary>Job ids: fresh GUIDs in "N" format, which are also valid client business ids and safe file names.</summary>
internal static class JobIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Tells an id this service could have made from anything else (a path, a task id), before it names a file.</summary>
    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}

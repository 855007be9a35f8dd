using System.Security.Cryptography;
using System.Text;

namespace KlingO1.WebApi.Security;

/// <summary>
/// The key callers send as <c>X-Api-Key</c>: the configured <c>Service:ApiKey</c>, or one generated at start (the
/// operator reads it from the log). Compared in constant time, so the answer's timing tells nothing about the key.
/// </summary>
internal sealed class ServiceKey
{
    /// <summary>The request header that carries the key.</summary>
    public const string Header = "X-Api-Key";

    private readonly byte[] _key;

    private ServiceKey(string key, bool generated)
    {
        _key = Encoding.UTF8.GetBytes(key);
        Generated = generated ? key : null;
    }

    /// <summary>Gets the key when it was generated for this run (to log once), else <see langword="null"/>: a configured key is never shown.</summary>
    public string? Generated { get; }

    public static ServiceKey From(string? configured)
        => configured is null ? new ServiceKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), generated: true) : new ServiceKey(configured, generated: false);

    public bool Matches(string? presented)
        => presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}

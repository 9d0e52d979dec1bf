using System.Security.Cryptography;
using System.Text.Json;
using LiveBuddy.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Auth;

/// <summary>
/// The bot account's tokens in the data folder (<c>twitch-token.bin</c>), encrypted with ASP.NET Core Data
/// Protection so a copied file is useless without the key ring in <c>keys/</c>.
/// </summary>
public sealed partial class TwitchTokenStore
{
    public const string FileName = "twitch-token.bin";
    private const string Purpose = "LiveBuddy.Twitch.Token.v1";

    private readonly IDataProtector _protector;
    private readonly string _path;
    private readonly ILogger _logger;

    public TwitchTokenStore(IDataProtectionProvider protection, DataFolder folder, ILogger<TwitchTokenStore> logger)
    {
        _protector = protection.CreateProtector(Purpose);
        _path = folder.File(FileName);
        _logger = logger;
    }

    public bool Exists => File.Exists(_path);

    /// <summary>When the token file was last written (default when there is none): how another process's sign-in is noticed.</summary>
    public DateTime WrittenAt => File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : default;

    internal async Task<StoredToken?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path)) return null;
        try
        {
            var sealedBytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
            var plain = _protector.Unprotect(sealedBytes);
            return JsonSerializer.Deserialize(plain, AuthJsonContext.Default.StoredToken);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or IOException)
        {
            // A lost key ring or a damaged file means signing in again, not a crash.
            LogUnreadable(ex, _path);
            return null;
        }
    }

    internal async Task SaveAsync(StoredToken token, CancellationToken cancellationToken)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(token, AuthJsonContext.Default.StoredToken);
        var sealedBytes = _protector.Protect(plain);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        // Write then rename, so a crash mid-write never leaves half a token file.
        var temp = _path + ".tmp";
        await File.WriteAllBytesAsync(temp, sealedBytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, _path, overwrite: true);
    }

    public void Delete()
    {
        if (File.Exists(_path)) File.Delete(_path);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored Twitch token at {Path} cannot be read; sign in again")]
    private partial void LogUnreadable(Exception ex, string path);
}

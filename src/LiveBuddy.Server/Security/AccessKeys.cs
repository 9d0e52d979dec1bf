using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveBuddy.Core;
using Microsoft.AspNetCore.DataProtection;

namespace LiveBuddy.Server.Security;

/// <summary>The <c>Security</c> configuration section: set the keys instead of generating them.</summary>
public sealed record SecurityOptions
{
    public const string Section = "Security";
    public string? OverlayKey { get; init; }
    public string? AdminKey { get; init; }
}

/// <summary>
/// The overlay key (OBS browser sources) and the admin key (control page, API). Generated on first run and
/// stored encrypted in the data folder, unless configuration sets them. Never logged.
/// </summary>
public sealed class AccessKeys
{
    private const string FileName = "access-keys.bin";
    private readonly byte[] _overlay;
    private readonly byte[] _admin;

    public AccessKeys(SecurityOptions options, DataFolder dataFolder, IDataProtectionProvider protection)
    {
        var protector = protection.CreateProtector("LiveBuddy.AccessKeys.v1");
        var stored = Load(dataFolder, protector);
        var overlay = NonEmpty(options.OverlayKey) ?? stored?.Overlay ?? NewKey();
        var admin = NonEmpty(options.AdminKey) ?? stored?.Admin ?? NewKey();
        if (stored is null || stored.Overlay != overlay || stored.Admin != admin)
            Save(dataFolder, protector, new StoredKeys(overlay, admin));
        OverlayKey = overlay;
        AdminKey = admin;
        _overlay = Encoding.UTF8.GetBytes(overlay);
        _admin = Encoding.UTF8.GetBytes(admin);
    }

    public string OverlayKey { get; }
    public string AdminKey { get; }

    public bool IsOverlayKey(string? candidate) => Matches(candidate, _overlay) || Matches(candidate, _admin);
    public bool IsAdminKey(string? candidate) => Matches(candidate, _admin);

    // Constant time so the key cannot be guessed byte by byte from response timing.
    private static bool Matches(string? candidate, byte[] key) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), key);

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static StoredKeys? Load(DataFolder folder, IDataProtector protector)
    {
        var path = folder.File(FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<StoredKeys>(protector.Unprotect(File.ReadAllBytes(path)));
        }
        catch (CryptographicException)
        {
            return null; // the data-protection keys were lost: issue new access keys
        }
    }

    private static void Save(DataFolder folder, IDataProtector protector, StoredKeys keys)
    {
        Directory.CreateDirectory(folder.Path);
        var path = folder.File(FileName);
        File.WriteAllBytes(path + ".tmp", protector.Protect(JsonSerializer.SerializeToUtf8Bytes(keys)));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private sealed record StoredKeys(string Overlay, string Admin);
}

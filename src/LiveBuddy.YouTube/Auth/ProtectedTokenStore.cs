using System.Security.Cryptography;
using System.Text;
using Google.Apis.Json;
using Google.Apis.Util.Store;
using LiveBuddy.Core;
using Microsoft.AspNetCore.DataProtection;

namespace LiveBuddy.YouTube.Auth;

/// <summary>
/// Google's token store (<see cref="IDataStore"/>) in the data folder, each entry encrypted with ASP.NET Core
/// Data Protection so a copied data folder does not hand out the creator's YouTube account.
/// </summary>
public sealed class ProtectedTokenStore : IDataStore
{
    private const string Folder = "youtube-tokens";
    private readonly IDataProtector _protector;
    private readonly DataFolder _data;

    public ProtectedTokenStore(IDataProtectionProvider protection, DataFolder data)
    {
        _protector = protection.CreateProtector("LiveBuddy.YouTube.Tokens");
        _data = data;
    }

    /// <summary>True when <c>login youtube</c> has stored a token.</summary>
    public bool HasAny() => HasAny(_data);

    /// <summary>True when <c>login youtube</c> has stored a token in <paramref name="data"/> (no decryption needed).</summary>
    public static bool HasAny(DataFolder data)
    {
        var folder = Path.Combine(data.Path, Folder);
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.bin").Any();
    }

    public async Task StoreAsync<T>(string key, T value)
    {
        var json = NewtonsoftJsonSerializer.Instance.Serialize(value);
        var bytes = _protector.Protect(Encoding.UTF8.GetBytes(json));
        var path = FileFor<T>(key, create: true);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true); // a crash mid-write never leaves half a token
    }

    public Task DeleteAsync<T>(string key)
    {
        var path = FileFor<T>(key, create: false);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public async Task<T> GetAsync<T>(string key)
    {
        var path = FileFor<T>(key, create: false);
        if (!File.Exists(path)) return default!;
        var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        try
        {
            var json = Encoding.UTF8.GetString(_protector.Unprotect(bytes));
            return NewtonsoftJsonSerializer.Instance.Deserialize<T>(json);
        }
        catch (CryptographicException)
        {
            // Keys changed (data folder moved between machines): treat as signed out, `login youtube` again.
            return default!;
        }
    }

    public Task ClearAsync()
    {
        var folder = Path.Combine(_data.Path, Folder);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.bin")) File.Delete(file);
        }
        return Task.CompletedTask;
    }

    private string FileFor<T>(string key, bool create)
    {
        var folder = create ? _data.EnsureSubfolder(Folder) : Path.Combine(_data.Path, Folder);
        // Hash the name so a user key never becomes a path (and the file name tells nothing).
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(typeof(T).FullName + "-" + key));
        return Path.Combine(folder, Convert.ToHexStringLower(hash.AsSpan(0, 12)) + ".bin");
    }
}

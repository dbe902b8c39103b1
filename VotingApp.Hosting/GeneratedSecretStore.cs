using System.Security.Cryptography;
using System.Text.Json;

namespace VotingApp.Hosting;

/// <summary>
/// Generated passwords, kept between runs (run mode) in <c>&lt;AppHost&gt;/.votingapp/secrets.json</c> (mode 0600) so
/// that data kept between runs stays usable — as Aspire keeps them in the AppHost's user secrets.
/// </summary>
internal sealed class GeneratedSecretStore(string? path)
{
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _values;

    public string GetOrCreate(string name, Func<string> generate)
    {
        lock (_lock)
        {
            _values ??= Load();
            if (!_values.TryGetValue(name, out var value))
            {
                value = generate();
                _values[name] = value;
                Save();
            }
            return value;
        }
    }

    /// <summary>A password of letters and digits only (StackExchange.Redis cannot take commas), 22+ characters.</summary>
    public static string NewPassword(int length = 24)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }

    private Dictionary<string, string> Load()
    {
        if (path is null || !File.Exists(path))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        return JsonSerializer.Deserialize(File.ReadAllText(path), HostingJsonContext.Default.DictionaryStringString)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private void Save()
    {
        if (path is null)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, string.Empty);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(path, JsonSerializer.Serialize(_values!, HostingJsonContext.Default.DictionaryStringString));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class HostingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

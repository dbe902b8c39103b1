namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Aspire's resource-name rules: 1–64 ASCII letters, digits or hyphens, starting with a letter, no "--", no trailing '-'.</summary>
public static class ModelName
{
    /// <summary>Longest allowed name.</summary>
    public const int MaxLength = 64;

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="name"/> breaks the rules.</summary>
    public static void Validate(string name, string paramName)
    {
        if (!TryValidate(name, out var message))
        {
            throw new ArgumentException(message, paramName);
        }
    }

    /// <summary>Checks <paramref name="name"/>; <paramref name="message"/> says what is wrong.</summary>
    public static bool TryValidate(string? name, out string message)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            message = $"Resource name '{name}' is invalid: it must be 1 to {MaxLength} characters long.";
            return false;
        }
        if (!char.IsAsciiLetter(name[0]))
        {
            message = $"Resource name '{name}' is invalid: it must start with an ASCII letter.";
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                message = $"Resource name '{name}' is invalid: only ASCII letters, digits and '-' are allowed.";
                return false;
            }
            if (c == '-' && (i == name.Length - 1 || name[i + 1] == '-'))
            {
                message = $"Resource name '{name}' is invalid: it must not contain '--' or end with '-'.";
                return false;
            }
        }
        message = string.Empty;
        return true;
    }
}

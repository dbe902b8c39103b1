using System.Security.Cryptography;

namespace VotingApp.Queue;

/// <summary>Rules for voter ids, shared by the vote service (at the door) and the worker (defence in depth).</summary>
public static class VoterIds
{
    /// <summary>
    /// A voter id is 1–64 characters of letters, digits, '-', '_' or '.'. The original app makes 15 hex digits;
    /// anything longer or stranger is refused rather than stored.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> voterId, out string reason)
    {
        if (voterId.IsEmpty)
        {
            reason = "voter_id is empty";
            return false;
        }
        if (voterId.Length > VoteMessage.MaxVoterIdLength)
        {
            reason = $"voter_id is longer than {VoteMessage.MaxVoterIdLength} characters";
            return false;
        }
        foreach (var c in voterId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                reason = "voter_id may contain only letters, digits, '-', '_' and '.'";
                return false;
            }
        }
        reason = string.Empty;
        return true;
    }

    /// <summary>A new random id in the original app's shape: hexadecimal, 16 characters (64 random bits).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

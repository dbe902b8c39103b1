namespace VotingApp.Hosting;

/// <summary>A problem the user can fix (a missing program, a port in use, a bad model); its message says how.</summary>
public sealed class DistributedApplicationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DistributedApplicationException()
    {
    }

    /// <summary>Creates the exception with a message that says what to do.</summary>
    public DistributedApplicationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DistributedApplicationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

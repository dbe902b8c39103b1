[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The system tests read /proc and send signals (Infrastructure/Processes.cs): they run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

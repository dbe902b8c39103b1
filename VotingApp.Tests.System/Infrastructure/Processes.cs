namespace VotingApp.Tests.Infrastructure;

/// <summary>Process facts read from /proc.</summary>
public static class Processes
{
    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>All descendants of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var task in Directory.Exists($"/proc/{current}/task") ? Directory.GetDirectories($"/proc/{current}/task") : [])
            {
                var childrenFile = Path.Combine(task, "children");
                if (!File.Exists(childrenFile))
                {
                    continue;
                }
                foreach (var child in File.ReadAllText(childrenFile).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var childPid = int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
                    result.Add(childPid);
                    queue.Enqueue(childPid);
                }
            }
        }
        return result;
    }

    public static async Task<bool> WaitAllDeadAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!pids.Any(IsAlive))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return !pids.Any(IsAlive);
    }
}

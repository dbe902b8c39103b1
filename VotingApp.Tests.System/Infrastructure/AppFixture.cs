namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// One running system shared by the tests of the <see cref="AppCollection"/>: one start (5–7 s) and one teardown
/// (about 10 s) for the whole group. Its tests do not disturb each other's voters, and none kills anything; each test
/// attaches its own output to see the resources' logs while it runs.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "whole system";
}

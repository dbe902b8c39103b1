using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace VotingApp.ServiceDefaults;

/// <summary>Puts <see cref="HttpServerTracing"/> in front of the whole pipeline, so it sees the route and the final status.</summary>
internal sealed class HttpServerTracingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(HttpServerTracing.InvokeAsync);
        next(app);
    };
}

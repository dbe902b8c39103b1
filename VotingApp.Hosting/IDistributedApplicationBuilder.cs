using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary>Builds the application model (Aspire's <c>IDistributedApplicationBuilder</c>).</summary>
public interface IDistributedApplicationBuilder
{
    /// <summary>AppHost configuration: appsettings, user secrets, environment, command line.</summary>
    ConfigurationManager Configuration { get; }

    /// <summary>Services of the AppHost itself.</summary>
    IServiceCollection Services { get; }

    /// <summary>The AppHost's environment (Development by default in run mode).</summary>
    IHostEnvironment Environment { get; }

    /// <summary>Run or publish.</summary>
    DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <summary>The AppHost's project folder (state, logs and volumes live under <c>.votingapp/</c> there).</summary>
    string AppHostDirectory { get; }

    /// <summary>Every resource added so far.</summary>
    IReadOnlyList<IResource> Resources { get; }

    /// <summary>Adds a resource; its name must be unique.</summary>
    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>A builder over an existing resource.</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    /// <summary>Builds the application.</summary>
    DistributedApplication Build();
}

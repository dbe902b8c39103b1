using System.Xml.Linq;
using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>The images the published output names are the ones the service projects build (<c>-t:PublishContainer</c>).</summary>
public sealed class ContainerImageTests
{
    [Fact]
    public async Task Published_project_images_are_the_images_the_projects_build()
    {
        var (model, _) = await AppHostModel.PublishAsync();
        var built = new List<string>();
        foreach (var project in model.Services.Where(s => s.Kind == ServiceKind.Project))
        {
            var csproj = Path.Combine(RepositoryPaths.Root, project.AssemblyName!, $"{project.AssemblyName}.csproj");
            var properties = XDocument.Load(csproj).Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup").ToDictionary(e => e.Name.LocalName, e => e.Value);
            if (!properties.TryGetValue("ContainerRepository", out var repository))
            {
                continue;
            }
            Assert.Equal(project.Image.FullName, $"{repository}:{properties["ContainerImageTag"]}");
            Assert.Equal(DeploymentModelReader.DotnetAppUser.ToString(System.Globalization.CultureInfo.InvariantCulture), properties["ContainerUser"]);
            Assert.Matches(@":[0-9]+\.[0-9]+\.[0-9]+-", properties["ContainerBaseImage"]);
            built.Add(project.Name);
        }
        Assert.Superset(new HashSet<string> { "vote", "result", "worker", "migrations" }, built.ToHashSet());
    }
}

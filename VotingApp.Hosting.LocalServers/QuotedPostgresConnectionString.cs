using System.Data.Common;
using System.Text;
using Aspire.Hosting.ApplicationModel;

namespace VotingApp.Hosting.LocalServers;

/// <summary>
/// <c>Host=…;Port=…;Username=…;Password=…</c> for a PostgreSQL server with each value quoted the way
/// <see cref="DbConnectionStringBuilder"/> (and so Npgsql) reads it back: a password with <c>; = " ' @ : / \ %</c>,
/// a comma or a space arrives intact. Aspire's <c>PostgresServerResource</c> splices the values unquoted, so a
/// <c>;</c> in a password ends it early; a <see cref="ConnectionStringRedirectAnnotation"/> points it here.
/// Not a model resource: it only carries the expression.
/// </summary>
internal sealed class QuotedPostgresConnectionString(PostgresServerResource server)
    : Resource($"{server.Name}-connection-string"), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"{new ConnectionStringPair("Host", ReferenceExpression.Create($"{server.PrimaryEndpoint.Property(EndpointProperty.Host)}"))};" +
            $"{new ConnectionStringPair("Port", ReferenceExpression.Create($"{server.PrimaryEndpoint.Property(EndpointProperty.Port)}"))};" +
            $"{new ConnectionStringPair("Username", server.UserNameReference)};" +
            $"{new ConnectionStringPair("Password", ReferenceExpression.Create($"{server.PasswordParameter}"))}");

    /// <summary>One <c>keyword=value</c> pair, the value quoted when it needs to be.</summary>
    private sealed class ConnectionStringPair(string keyword, ReferenceExpression value) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
    {
        public string ValueExpression => $"{keyword}={value.ValueExpression}";

        public IEnumerable<object> References => [value];

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            Format(await value.GetValueAsync(cancellationToken).ConfigureAwait(false));

        public async ValueTask<string?> GetValueAsync(ValueProviderContext context, CancellationToken cancellationToken = default) =>
            Format(await value.GetValueAsync(context, cancellationToken).ConfigureAwait(false));

        private string Format(string? text)
        {
            var pair = new StringBuilder();
            DbConnectionStringBuilder.AppendKeyValuePair(pair, keyword, text);
            return pair.ToString();
        }
    }
}

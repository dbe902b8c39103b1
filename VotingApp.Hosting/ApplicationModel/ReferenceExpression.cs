using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace VotingApp.Hosting.ApplicationModel;

/// <summary>
/// A string made of literal text and values resolved later (endpoints, parameters). Run mode resolves it to the
/// real value; publishers turn each value into their own placeholder, so secrets are never written out.
/// </summary>
public sealed class ReferenceExpression : IValueProvider
{
    private ReferenceExpression(string format, IReadOnlyList<IValueProvider> valueProviders)
    {
        Format = format;
        ValueProviders = valueProviders;
    }

    /// <summary>Composite format with <c>{0}</c>, <c>{1}</c>… standing for <see cref="ValueProviders"/>.</summary>
    public string Format { get; }

    /// <summary>The values, in format order.</summary>
    public IReadOnlyList<IValueProvider> ValueProviders { get; }

    /// <summary>Builds an expression from an interpolated string; interpolated <see cref="IValueProvider"/>s stay deferred.</summary>
    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => handler.GetExpression();

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var values = new object?[ValueProviders.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = await ValueProviders[i].GetValueAsync(cancellationToken).ConfigureAwait(false);
        }
        return string.Format(CultureInfo.InvariantCulture, Format, values);
    }

    /// <summary>Renders the expression with each value replaced by <paramref name="render"/> (publishers).</summary>
    public string Render(Func<IValueProvider, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        var values = ValueProviders.Select(render).Cast<object?>().ToArray();
        return string.Format(CultureInfo.InvariantCulture, Format, values);
    }

    /// <summary>Interpolated string handler that keeps value providers deferred.</summary>
    [InterpolatedStringHandler]
    public ref struct ExpressionInterpolatedStringHandler
    {
        private readonly StringBuilder _format;
        private readonly List<IValueProvider> _providers;

        /// <summary>Creates the handler.</summary>
        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _format = new StringBuilder(literalLength + formattedCount * 4);
            _providers = new List<IValueProvider>(formattedCount);
        }

        /// <summary>Appends literal text.</summary>
        public readonly void AppendLiteral(string value) => _format.Append(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

        /// <summary>Appends a literal value.</summary>
        public readonly void AppendFormatted(string? value) => AppendLiteral(value ?? string.Empty);

        /// <summary>Appends a number.</summary>
        public readonly void AppendFormatted(int value) => AppendLiteral(value.ToString(CultureInfo.InvariantCulture));

        /// <summary>Appends a deferred value.</summary>
        public readonly void AppendFormatted(IValueProvider provider)
        {
            _format.Append('{').Append(_providers.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
            _providers.Add(provider);
        }

        /// <summary>Appends a parameter's value (deferred).</summary>
        public readonly void AppendFormatted<T>(IResourceBuilder<T> builder) where T : IResource, IValueProvider =>
            AppendFormatted((IValueProvider)builder.Resource);

        internal readonly ReferenceExpression GetExpression() => new(_format.ToString(), _providers.ToArray());
    }
}

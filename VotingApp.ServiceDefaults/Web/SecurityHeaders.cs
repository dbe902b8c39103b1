using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Primitives;

namespace VotingApp.ServiceDefaults.Web;

/// <summary>
/// Security headers on every response of a service that serves pages. The policy allows only the service's own origin:
/// pages carry no inline script or style, and all CSS, JavaScript and icons are served by the service itself.
/// <c>worker-src 'self'</c> says outright what <c>default-src</c> already implies: the result page's shared worker is
/// one of the service's own scripts, and no other worker may run.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The Content-Security-Policy sent with every response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; worker-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly StringValues s_csp = ContentSecurityPolicy;
    private static readonly StringValues s_noSniff = "nosniff";
    private static readonly StringValues s_noReferrer = "no-referrer";
    private static readonly StringValues s_deny = "DENY";
    private static readonly StringValues s_sameOrigin = "same-origin";

    /// <summary>Adds the headers before the rest of the pipeline runs.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = s_csp;
            headers.XContentTypeOptions = s_noSniff;
            headers["Referrer-Policy"] = s_noReferrer;
            headers.XFrameOptions = s_deny;
            headers["Cross-Origin-Opener-Policy"] = s_sameOrigin;
            return next(context);
        });
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// The AWS account an engine test runs against: the Sandbox over real HTTP with the real clients, or (only where a
/// test needs to see inside the calls) the in-memory fake. Tests are written against this, so switching is one line.
/// </summary>
public interface IAwsStandIn : IAsyncDisposable
{
    /// <summary>Clients for the test's own look-ups and changes "behind the engine's back" (not in <see cref="Calls"/>).</summary>
    IAwsClients Clients { get; }

    /// <summary>Operations the engine sent, in order of completion.</summary>
    IReadOnlyList<string> Calls { get; }

    /// <summary>Request records the engine sent.</summary>
    IReadOnlyList<object> Requests { get; }

    TimeSpan Latency { get; set; }

    void ClearCalls();

    /// <summary>The <paramref name="nth"/> call of <paramref name="operation"/> from now fails with this AWS error.</summary>
    void FailCall(string operation, int nth, string errorCode, HttpStatusCode status, string message, int times = 1);

    /// <summary>After the effect of the <paramref name="callNumber"/>th call from now, runs <paramref name="crash"/>; no answer arrives.</summary>
    void CrashAfterCall(int callNumber, Action crash);

    /// <summary>Makes the engine host use this account.</summary>
    void ConfigureServices(IServiceCollection services);
}

using System.Net;

namespace SecureApi.Sandbox.Hosting;

/// <summary>Checks <see cref="SandboxOptions"/> at start, naming the configuration path of each problem.</summary>
internal static class SandboxOptionsValidation
{
    public static IReadOnlyList<string> Problems(SandboxOptions options)
    {
        var problems = new List<string>();
        if (ListenAddress(options.Url) is null)
        {
            problems.Add($"Sandbox:Url must be an http URL with an IP address or 'localhost' as host and an explicit port (0 = free port), e.g. http://127.0.0.1:4566; got '{options.Url}'.");
        }

        if (string.IsNullOrWhiteSpace(options.AccessKey) || string.IsNullOrWhiteSpace(options.SecretKey))
        {
            problems.Add("Sandbox:AccessKey and Sandbox:SecretKey must not be empty.");
        }

        if (options.AccountId.Length != 12 || !options.AccountId.All(char.IsAsciiDigit))
        {
            problems.Add("Sandbox:AccountId must be 12 digits.");
        }

        if (options.LatencyMs < 0)
        {
            problems.Add("Sandbox:LatencyMs must not be negative.");
        }

        if (options.Throttle is { } throttle && (throttle.Burst < 0 || throttle.RatePerSecond < 0))
        {
            problems.Add("Sandbox:Throttle:Burst and Sandbox:Throttle:RatePerSecond must not be negative.");
        }

        for (var i = 0; i < options.Faults.Count; i++)
        {
            var fault = options.Faults[i];
            if (string.IsNullOrWhiteSpace(fault.Operation) || fault.OnCall < 1 || fault.Times < 1 || fault.StatusCode is < 400 or > 599)
            {
                problems.Add($"Sandbox:Faults:{i} needs an Operation, OnCall >= 1, Times >= 1 and a 4xx/5xx StatusCode.");
            }
        }

        return problems;
    }

    /// <summary>The address and port to bind for a Sandbox URL, or null when it is not usable.</summary>
    public static IPEndPoint? ListenAddress(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            return null;
        }

        var host = uri.Host.Trim('[', ']');
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : null;
        return address is null ? null : new IPEndPoint(address, uri.Port);
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using Xunit.Abstractions;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// docs/iam-policy.json against the code: every operation of ICognitoClient and IHttpApiClient is sent, for real, to a
/// recording server on loopback; what went over the wire (signed Cognito targets, API Gateway verbs and paths) must be
/// exactly what the policy grants — nothing missing, nothing extra.
/// </summary>
public sealed partial class IamPolicyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ConcurrentQueue<WireCall> _calls = new();
    private WebApplication? _recorder;
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _recorder = builder.Build();
        _recorder.Run(async context =>
        {
            _calls.Enqueue(new WireCall(
                context.Request.Method,
                context.Request.Path.ToUriComponent(),
                context.Request.Headers["X-Amz-Target"].ToString(),
                context.Request.Headers.Authorization.Count > 0));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
        });
        await _recorder.StartAsync();
        var url = _recorder.Urls.First();
        _services = new ServiceCollection().AddLogging().AddAwsClients(o =>
        {
            o.ServiceUrl = url;
            o.Region = "us-east-1";
            o.UseEndpointEnvironmentVariables = false;
            o.Credentials = new BasicAWSCredentials("test", "test");
        }).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_recorder is not null)
        {
            await _recorder.DisposeAsync();
        }
    }

    [Fact]
    public async Task PolicyDocument_GrantsExactlyTheOperationsTheClientsSend()
    {
        var clients = _services!.GetRequiredService<IAwsClients>();
        var operations = await SendEveryOperationAsync(clients.Cognito("us-east-1"))
            + await SendEveryOperationAsync(clients.HttpApi("us-east-1"));
        var calls = _calls.ToList();
        Assert.Equal(operations, calls.Count);

        var statements = LoadPolicy();
        var needed = new List<(string Action, string Resource)>();
        foreach (var call in calls)
        {
            if (call.Target.StartsWith("AWSCognitoIdentityProviderService.", StringComparison.Ordinal))
            {
                // Unsigned Cognito calls (InitiateAuth) are public APIs: IAM is not asked, the policy must not grant them.
                if (call.Signed)
                {
                    needed.Add(("cognito-idp:" + call.Target[(call.Target.IndexOf('.') + 1)..], "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x1"));
                }
            }
            else
            {
                Assert.StartsWith("/v2/", call.Path);
                needed.Add(("apigateway:" + call.Method, "arn:aws:apigateway:us-east-1::" + Uri.UnescapeDataString(call.Path["/v2".Length..])));
            }
        }

        var cognitoActions = needed.Where(n => n.Action.StartsWith("cognito-idp:", StringComparison.Ordinal)).Select(n => n.Action);
        // ListUserPools and CreateUserPool name no pool: they are checked against "*".
        foreach (var (action, resource) in needed)
        {
            var resourceForAction = action is "cognito-idp:ListUserPools" or "cognito-idp:CreateUserPool" ? "*" : resource;
            Assert.True(statements.Any(s => s.Actions.Contains(action) && s.Resources.Any(r => Matches(r, resourceForAction))),
                $"The policy does not allow {action} on {resourceForAction}.");
            output.WriteLine($"{action,-40} {resourceForAction}");
        }

        var neededActions = needed.Select(n => n.Action).ToHashSet();
        var granted = statements.SelectMany(s => s.Actions).ToHashSet();
        Assert.Empty(granted.Except(neededActions));
        Assert.DoesNotContain("cognito-idp:InitiateAuth", granted);
        Assert.All(granted, a => Assert.DoesNotContain("*", a));
        foreach (var statement in statements)
        {
            foreach (var resource in statement.Resources.Where(r => r != "*"))
            {
                Assert.True(needed.Any(n => statement.Actions.Contains(n.Action) && Matches(resource, n.Resource)),
                    $"Statement {statement.Sid} grants {resource}, which no operation uses.");
            }
        }

        output.WriteLine($"{operations} client operations; {neededActions.Count} IAM actions ({cognitoActions.Distinct().Count()} Cognito).");
    }

    [Fact]
    public void PolicyDocument_NarrowsCreateAndDeleteByTheSecureApiTag()
    {
        var statements = LoadPolicy();

        Assert.Contains(statements, s => s.Actions.Contains("cognito-idp:CreateUserPool") && s.Conditions.Contains("aws:RequestTag/secureapi:deployment"));
        Assert.Contains(statements, s => s.Actions.Contains("cognito-idp:DeleteUserPool") && s.Conditions.Contains("aws:ResourceTag/secureapi:deployment"));
        Assert.All(statements.Where(s => s.Actions.Contains("cognito-idp:DeleteUserPool")), s => Assert.Contains("aws:ResourceTag/secureapi:deployment", s.Conditions));
        Assert.Contains(statements, s => s.Actions.Contains("apigateway:POST") && s.Resources.Contains("arn:aws:apigateway:*::/apis") && s.Conditions.Contains("aws:RequestTag/secureapi:deployment"));
        // Deleting a whole API is allowed only through the statement that checks the tag.
        var deleteApi = "arn:aws:apigateway:us-east-1::/apis/a1b2c3";
        Assert.All(statements.Where(s => s.Actions.Contains("apigateway:DELETE") && s.Resources.Any(r => Matches(r, deleteApi))),
            s => Assert.Contains("aws:ResourceTag/secureapi:deployment", s.Conditions));
        Assert.All(statements.Where(s => s.Resources.Contains("*")),
            s => Assert.Subset(new HashSet<string> { "cognito-idp:ListUserPools", "cognito-idp:CreateUserPool" }, s.Actions.ToHashSet()));
    }

    private static async Task<int> SendEveryOperationAsync<TClient>(TClient client)
    {
        var count = 0;
        foreach (var method in typeof(TClient).GetInterfaces().Append(typeof(TClient)).Where(t => t.IsInterface).SelectMany(t => t.GetMethods()))
        {
            var parameters = method.GetParameters();
            if (!method.ReturnType.IsGenericType || method.ReturnType.GetGenericTypeDefinition() != typeof(Task<>)
                || parameters.Length != 2 || parameters[1].ParameterType != typeof(CancellationToken))
            {
                continue; // the paging helpers call the operations below
            }

            var request = Fill(Activator.CreateInstance(parameters[0].ParameterType)!);
            try
            {
                await (Task)method.Invoke(client, [request, CancellationToken.None])!;
            }
            catch (AwsServiceException)
            {
                // "{}" is not every operation's answer; the request went out, which is what is checked.
            }

            count++;
        }

        return count;
    }

    private static object Fill(object request)
    {
        foreach (var property in request.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.PropertyType == typeof(string))
            {
                property.SetValue(request, "x1");
            }
        }

        return request;
    }

    private static List<Statement> LoadPolicy()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "iam-policy.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(s =>
        {
            Assert.Equal("Allow", s.GetProperty("Effect").GetString());
            return new Statement(
                s.GetProperty("Sid").GetString()!,
                Strings(s.GetProperty("Action")),
                Strings(s.GetProperty("Resource")),
                s.TryGetProperty("Condition", out var condition)
                    ? [.. condition.EnumerateObject().SelectMany(o => o.Value.EnumerateObject().Select(k => k.Name))]
                    : []);
        })];
    }

    private static List<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select(e => e.GetString()!)] : [element.GetString()!];

    /// <summary>IAM resource matching: <c>*</c> is any run of characters (slashes included), <c>?</c> one character.</summary>
    private static bool Matches(string pattern, string resource) =>
        Regex.IsMatch(resource, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SecureApi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SecureApi.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record WireCall(string Method, string Path, string Target, bool Signed);

    private sealed record Statement(string Sid, List<string> Actions, List<string> Resources, List<string> Conditions);
}

namespace SecureApi.Sandbox;

/// <summary>Runs the Sandbox on its own: <c>dotnet run --project src/Sandbox</c>.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        await Task.CompletedTask;
        Console.WriteLine("SecureApi Sandbox");
    }
}

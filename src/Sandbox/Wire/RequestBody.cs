namespace SecureApi.Sandbox.Wire;

internal static class RequestBody
{
    /// <summary>Reads the whole body: the signature covers its bytes, and the handlers parse it afterwards.</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}

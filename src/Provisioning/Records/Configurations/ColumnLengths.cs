namespace SecureApi.Provisioning.Records.Configurations;

/// <summary>
/// Column limits shared by the configurations. They follow the inputs' own limits (SpecValidator, AWS) with headroom;
/// free text that comes back from AWS or people (errors, drift details, spec JSON) stays unbounded.
/// </summary>
internal static class ColumnLengths
{
    public const int Enum = 32;
    public const int Name = 128;
    public const int Region = 32;
    public const int Identity = 256;
    public const int AwsId = 256;
    public const int Url = 2048;
    public const int RouteKey = 256;
    public const int Step = 512;
    public const int Operation = 64;
    public const int RequestId = 128;
    public const int RemoteAddress = 64;
    public const int Short = 64;
}

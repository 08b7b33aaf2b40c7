# The portal for a team deployment (docker-compose.yml). Build: docker build -t secureapi-portal .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Portal/SecureApi.Portal.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# In a container the portal must listen beyond loopback; team mode (OpenID Connect sign-in) is then required.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "SecureApi.Portal.dll"]

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureApi.Provisioning.Records.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeploymentClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "Deployments",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "Deployments",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "Deployments");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureApi.Provisioning.Records.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeploymentUpdatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deployments_UpdatedAt",
                table: "Deployments",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_UpdatedAt",
                table: "Deployments");
        }
    }
}

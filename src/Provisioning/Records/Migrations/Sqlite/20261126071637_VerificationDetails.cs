using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureApi.Provisioning.Records.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VerificationDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "WaitedMs",
                table: "VerificationRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "Applicable",
                table: "VerificationChecks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "TestUserCredentials",
                columns: table => new
                {
                    DeploymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ProtectedPassword = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TestUserCredentials", x => x.DeploymentId);
                    table.ForeignKey(
                        name: "FK_TestUserCredentials_Deployments_DeploymentId",
                        column: x => x.DeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TestUserCredentials");

            migrationBuilder.DropColumn(
                name: "WaitedMs",
                table: "VerificationRuns");

            migrationBuilder.DropColumn(
                name: "Applicable",
                table: "VerificationChecks");
        }
    }
}

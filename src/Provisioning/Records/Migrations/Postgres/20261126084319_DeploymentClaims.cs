using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureApi.Provisioning.Records.Migrations.Postgres
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
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "Deployments",
                type: "timestamp with time zone",
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

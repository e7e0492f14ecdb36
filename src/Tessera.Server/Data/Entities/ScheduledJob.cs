namespace Tessera.Server.Data.Entities;

/// <summary>
/// A recurring job of the scheduler: when it is due next and which server holds its run until when
/// (docs/adr/0036-one-scheduler-claims-jobs-with-a-lease-in-the-database.md). Written by <c>SchedulingSql</c> only.
/// </summary>
public sealed class ScheduledJob
{
    public required string Name { get; set; }
    public DateTime NextRunAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? LastStartedAt { get; set; }
    public DateTime? LastFinishedAt { get; set; }
    public string? LastError { get; set; }
}

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (the testing package is not on the feed).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly Lock _gate = new();

    public TestClock() : this(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>When set, reading the clock throws: a way to provoke an unexpected server error.</summary>
    public bool Broken { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        if (Broken)
        {
            throw new InvalidOperationException("The test broke the clock.");
        }
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}

using Tessera.Domain.Pricing;

namespace Tessera.Domain.Tests.Pricing;

public sealed class SharesTests
{
    [Fact]
    public void Proportional_parts_add_up_to_the_amount_and_follow_the_weights()
    {
        Assert.Equal([334L, 333L, 333L], Shares.Proportional(1000, [1, 1, 1]));
        Assert.Equal([0L, 750L, 250L], Shares.Proportional(1000, [0, 3, 1]));
        Assert.Equal([-334L, -333L, -333L], Shares.Proportional(-1000, [5, 5, 5]));
        Assert.Equal([0L, 0L], Shares.Proportional(1000, [0, 0]));
    }

    [Fact]
    public void Proportional_parts_always_add_up_on_random_inputs()
    {
        var random = new Random(20261122);
        for (var run = 0; run < 2000; run++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 15)).Select(_ => (long)random.Next(-50, 100_000)).ToArray();
            var amount = (long)random.Next(-1_000_000, 1_000_000);
            var parts = Shares.Proportional(amount, weights);
            if (weights.All(w => w <= 0))
            {
                Assert.All(parts, p => Assert.Equal(0, p));
                continue;
            }
            Assert.Equal(amount, parts.Sum());
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] <= 0)
                {
                    Assert.Equal(0, parts[i]);
                }
                Assert.True(Math.Sign(parts[i]) == 0 || Math.Sign(parts[i]) == Math.Sign(amount));
            }
        }
    }

    [Fact]
    public void Returning_a_line_unit_by_unit_or_in_batches_gives_back_exactly_its_total()
    {
        // 10.00 over 3 units: 3.33, 3.33, 3.34 one by one; 6.66 + 3.34 in two goes.
        Assert.Equal(333, Shares.ForUnits(1000, 3, 0, 1));
        Assert.Equal(333, Shares.ForUnits(1000, 3, 1, 2));
        Assert.Equal(334, Shares.ForUnits(1000, 3, 2, 3));
        Assert.Equal(666, Shares.ForUnits(1000, 3, 0, 2));
        Assert.Equal(-4800, Shares.ForUnits(-4800, 1, 0, 1));
        var random = new Random(7);
        for (var run = 0; run < 500; run++)
        {
            var quantity = random.Next(1, 20);
            var total = (long)random.Next(-100_000, 100_000);
            var done = 0;
            long given = 0;
            while (done < quantity)
            {
                var batch = random.Next(1, quantity - done + 1);
                given += Shares.ForUnits(total, quantity, done, done + batch);
                done += batch;
            }
            Assert.Equal(total, given);
        }
    }
}

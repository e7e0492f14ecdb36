using BenchmarkDotNet.Attributes;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;

namespace Tessera.Bench;

/// <summary>
/// The in-process work of one add-basket event: the shopper.points-mutation body of a cashback posting (member
/// object, wallet, basket) built and written as the outbox row's payload.
/// </summary>
[MemoryDiagnoser]
public class EventBodyBenchmarks
{
    private readonly DateTime _now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly User _member;
    private readonly Campaign _wallet = new() { Id = 1, ChainId = 1, Type = "wallet", Title = "Money Wallet", Config = "{}", Active = true, CurrencyId = 2 };
    private readonly Campaign _cashback = new() { Id = 2, ChainId = 1, Type = "cashback", Title = "Store Rewards", Config = "{}", Active = true };
    private readonly Basket _basket;
    private readonly LedgerEntry _entry;

    public EventBodyBenchmarks()
    {
        _member = new User
        {
            Id = 10, ChainId = 1, UsernameScope = 1, Username = "sam@example.test", UsernameNormalized = "sam@example.test", FirstName = "Sam", LastName = "Critchley",
            MemberNumber = "10000001", Birthday = new DateTime(1988, 5, 6, 0, 0, 0, DateTimeKind.Utc), CountryCode = "NL", Language = "nl-NL",
            ProgrammeOptedIn = true, JoinDate = _now, CreatedAt = _now, UpdatedAt = _now,
        };
        _basket = new Basket
        {
            Id = 5, ChainId = 1, RetailerBasketCode = "bench-1", PlatformType = "in_store", TimezoneName = "UTC", PaymentsJson = "[]", TaxesJson = "[]",
            Response = "", TotalCents = 14500, CreatedAt = _now,
        };
        _entry = new LedgerEntry { Id = 7, ChainId = 1, UserId = 10, WalletCampaignId = 1, AmountCents = 1400, Kind = "campaignContribution", LogMessage = "basket", CreatedAt = _now };
    }

    [Benchmark]
    public OutboxEvent PointsMutation() => Outbox.Create(1, EventTypes.ShopperPointsMutation, EventBodies.PointsMutation(
        _entry, 2, EventBodies.Campaign(_wallet, _cashback, _cashback.Id), EventBodies.Basket(_basket), null, null, null, EventBodies.User(_member, null)), _now);
}

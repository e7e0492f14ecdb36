using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Auth;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Bench;

/// <summary>The per-request work of get-login-status outside the database: key hashing and the envelope.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private readonly string _key = Secrets.NewKey();
    private readonly string _hash;
    private readonly UserInfo _userInfo;
    private readonly IServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public ProtocolBenchmarks()
    {
        _hash = Secrets.Hash(_key);
        var now = DateTime.UtcNow;
        _userInfo = UserInfo.From(new User
        {
            Id = 114521,
            Username = "test56767@spaaza.com",
            UsernameNormalized = "test56767@spaaza.com",
            FirstName = "Sam",
            LastName = "Critchley",
            Gender = "M",
            Birthday = new DateTime(2014, 10, 21, 0, 0, 0, DateTimeKind.Utc),
            MemberNumber = "3021879",
            MemberNumberCustom = true,
            ProgrammeOptedIn = true,
            JoinDate = now,
            CreatedAt = now,
            UpdatedAt = now,
        }, MemberRelations.None, Tessera.Domain.Members.PurchaseStatistics.None);
    }

    [Benchmark]
    public bool Session_key_check() => Secrets.Matches(_key, _hash);

    [Benchmark]
#pragma warning disable CA1822 // BenchmarkDotNet needs instance methods
    public string Session_key_issue() => Secrets.Hash(Secrets.NewKey());
#pragma warning restore CA1822

    [Benchmark]
    public async Task<long> Get_login_status_envelope()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var body = new MemoryStream();
        context.Response.Body = body;
        await Spaaza.Ok("get-login-status", _userInfo).ExecuteAsync(context);
        return body.Length;
    }
}

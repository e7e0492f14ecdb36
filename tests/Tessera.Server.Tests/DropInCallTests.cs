using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests;

/// <summary>
/// Calls as Spaaza's own examples make them (issue 24): PUT claim-voucher, the alter-user-loyalty-level path, get-user by
/// member_number, alter-user by username as an admin, and create-voucher by an admin without chain_id.
/// </summary>
public sealed class DropInCallTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string NewNumber() => "m-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A wallet holding 50.00 for a new member with a member number.</summary>
    private static async Task<(TestChain Chain, int Wallet, User Member)> WalletAsync(TesseraApp app, string? memberNumber = null)
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Wallet"}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync(memberNumber: memberNumber ?? NewNumber());
        using var privileged = chain.PrivilegedClient();
        (await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", "50"), ("log_message", "start")))
            .AssertOk("add-user-purchase-progress");
        return (chain, wallet, member);
    }

    private static Task<long> BalanceAsync(TestChain chain, int wallet, int userId) =>
        chain.App.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == wallet).Select(w => w.BalanceCents).SingleAsync());

    /// <summary>An admin of <paramref name="first"/> (write) also holding write on <paramref name="second"/>.</summary>
    private static async Task<SpaazaClient> AdminOfBothAsync(TestChain first, TestChain second)
    {
        var (admin, password) = await first.AddAdminAsync(read: true, write: true);
        await first.App.WithDbAsync(async db =>
        {
            db.AdminPermissions.Add(new AdminPermission { UserId = admin.Id, ChainId = second.ChainId, CanRead = true, CanWrite = true });
            return await db.SaveChangesAsync();
        });
        return await first.LoginAsync(admin.Username, password, withApp: false);
    }

    [Theory, AllEngines]
    public async Task Claim_voucher_takes_put_as_well_as_post(string engine)
    {
        var (chain, wallet, member) = await WalletAsync(TesseraApp.Shared(engine));
        using var privileged = chain.PrivilegedClient();
        var key = (await privileged.PostAsync("/create-voucher", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("voucher_amount", "5"))).Results.GetProperty("voucher_key").GetString()!;

        var claimed = await privileged.PutAsync("/claim-voucher", ("voucher_key", key));

        claimed.AssertOk("claim-voucher");
        Assert.Equal("claimed", claimed.Results.GetProperty("voucher_status").GetString());
        (await privileged.PutAsync("/claim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherStatusClaimed);
    }

    [Theory, AllEngines]
    public async Task Alter_user_loyalty_level_is_served_on_its_call_name_too(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        var level = await chain.App.WithDbAsync(async db =>
        {
            var l = new LoyaltyLevel { ChainId = chain.ChainId, CampaignId = 2095, Name = "Gold", Description = "Gold level", Position = 1 };
            db.LoyaltyLevels.Add(l);
            await db.SaveChangesAsync();
            return l;
        });
        using var admin = await chain.AdminClientAsync();

        var response = await admin.PutAsync("/auth/alter-user-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(level.Id)));

        response.AssertOk("alter-user-loyalty-level");
        Assert.Equal(level.Id, response.Results.GetProperty("loyalty_level").GetProperty("id").GetInt32());
        Assert.Equal(level.Id, await chain.App.WithDbAsync(db => db.MemberLoyaltyLevels.Where(m => m.UserId == member.Id).Select(m => m.LoyaltyLevelId).SingleAsync()));
        using var privileged = chain.PrivilegedClient();
        (await privileged.PutAsync("/auth/alter-user-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(level.Id)))).AssertError(ErrorCodes.AccessDenied);
    }

    [Theory, AllEngines]
    public async Task Get_user_finds_a_member_by_member_number(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var number = NewNumber();
        var member = await chain.AddMemberAsync(memberNumber: number);
        await other.AddMemberAsync(memberNumber: number);

        using var privileged = chain.PrivilegedClient();
        var response = await privileged.GetAsync("/internal/get-user", ("member_number", number));
        response.AssertOk("get-user");
        Assert.Equal(member.Id, response.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
        (await privileged.GetAsync("/internal/get-user", ("member_number", "no-such-" + number))).AssertError(ErrorCodes.UserNotFound);

        using var admin = await chain.AdminClientAsync();
        var byAdmin = await admin.GetAsync("/internal/get-user", ("chain_id", Id(chain.ChainId)), ("member_number", number));
        Assert.Equal(member.Id, byAdmin.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
        (await admin.GetAsync("/internal/get-user", ("member_number", number))).AssertError(ErrorCodes.ChainIdRequired);

        // A member's own session names the member; another's number is refused.
        using var self = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        (await self.GetAsync("/internal/get-user", ("member_number", number))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Admins_alter_a_member_named_by_username_in_the_chain_of_chain_id_or_the_app(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: NewNumber());
        using var admin = await chain.AdminClientAsync();

        var byChain = await admin.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("username", member.Username), ("first_name", "Anna"));
        byChain.AssertOk("alter-user");
        Assert.Equal(member.Id, byChain.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
        Assert.Equal("Anna", byChain.Results.GetProperty("user_info").GetProperty("first_name").GetString());
        // The username named the member: it is not also a new value.
        Assert.Equal(member.Username, byChain.Results.GetProperty("user_info").GetProperty("username").GetString());

        (await admin.PutAsync("/internal/alter-user", ("username", member.Username), ("first_name", "X"))).AssertError(ErrorCodes.NoMypriceApp);
        admin.App(chain.Hostname);
        (await admin.PutAsync("/internal/alter-user", ("username", member.Username), ("first_name", "Bea"))).AssertOk("alter-user");
        Assert.Equal("Bea", await app.WithDbAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.FirstName).SingleAsync()));

        // The other identifiers still work; user_id, member_number and authentication_point_identifier.
        using var plain = await chain.AdminClientAsync();
        (await plain.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("authentication_point_identifier", "ext-" + member.Id))).AssertOk("alter-user");
        (await plain.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("member_number", member.MemberNumber!), ("last_name", "Jansen"))).AssertOk("alter-user");
        (await plain.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("authentication_point_identifier", "ext-" + member.Id), ("last_name", "Visser"))).AssertOk("alter-user");
        Assert.Equal("Visser", await app.WithDbAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.LastName).SingleAsync()));
        (await plain.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("first_name", "X"))).AssertError(ErrorCodes.ChainIdRequired);

        // Another chain's member is not found by username; another chain's app is a chain without permission.
        var memberOfOther = await other.AddMemberAsync();
        (await plain.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("username", memberOfOther.Username), ("first_name", "X"))).AssertError(ErrorCodes.UserNotFound);
        plain.App(other.Hostname);
        (await plain.PutAsync("/internal/alter-user", ("username", memberOfOther.Username), ("first_name", "X"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        Assert.Equal("Jane", await app.WithDbAsync(db => db.Users.Where(u => u.Id == memberOfOther.Id).Select(u => u.FirstName).SingleAsync()));
    }

    [Theory, AllEngines]
    public async Task An_admin_creates_a_voucher_without_chain_id_in_the_member_s_chain(string engine)
    {
        var (chain, wallet, member) = await WalletAsync(TesseraApp.Shared(engine));
        using var admin = await chain.AdminClientAsync();

        var byId = await admin.PostAsync("/create-voucher", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("voucher_amount", "5"));
        byId.AssertOk("create-voucher");
        Assert.Equal(member.Id, byId.Results.GetProperty("user_id").GetInt32());
        var byNumber = await admin.PostAsync("/create-voucher", ("member_number", member.MemberNumber!), ("campaign_id", Id(wallet)), ("voucher_amount", "7"));
        byNumber.AssertOk("create-voucher");
        Assert.Equal(member.Id, byNumber.Results.GetProperty("user_id").GetInt32());
        // chain_id is still accepted.
        (await admin.PostAsync("/create-voucher", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("voucher_amount", "1"))).AssertOk("create-voucher");
        Assert.Equal(5000L - 500 - 700 - 100, await BalanceAsync(chain, wallet, member.Id));
        (await admin.PostAsync("/create-voucher", ("campaign_id", Id(wallet)), ("voucher_amount", "1"))).AssertError(ErrorCodes.HttpVarsMissing);
        (await admin.PostAsync("/create-voucher", ("chain_id", "x"), ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("voucher_amount", "1"))).AssertError(ErrorCodes.ChainIdInvalid);
    }

    [Theory, AllEngines]
    public async Task Create_voucher_without_chain_id_refuses_an_ambiguous_number_a_missing_permission_and_another_chain_s_campaign(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var number = NewNumber();
        var a = await WalletAsync(app, number);
        var b = await WalletAsync(app, number);
        using var both = await AdminOfBothAsync(a.Chain, b.Chain);

        // The number names members of both chains the admin may write to: 434, unless chain_id says which.
        (await both.PostAsync("/create-voucher", ("member_number", number), ("campaign_id", Id(a.Wallet)), ("voucher_amount", "5"))).AssertError(ErrorCodes.TooManyDuplicateObjects);
        var chosen = await both.PostAsync("/create-voucher", ("chain_id", Id(b.Chain.ChainId)), ("member_number", number), ("campaign_id", Id(b.Wallet)), ("voucher_amount", "5"));
        chosen.AssertOk("create-voucher");
        Assert.Equal(b.Member.Id, chosen.Results.GetProperty("user_id").GetInt32());
        (await both.PostAsync("/create-voucher", ("user_id", Id(a.Member.Id)), ("campaign_id", Id(a.Wallet)), ("voucher_amount", "5"))).AssertOk("create-voucher");

        // The campaign must be of the member's chain.
        (await both.PostAsync("/create-voucher", ("user_id", Id(a.Member.Id)), ("campaign_id", Id(b.Wallet)), ("voucher_amount", "5"))).AssertError(ErrorCodes.CampaignNotFound);

        // Without write on the member's chain: 68, whether it reads there or not at all.
        var (reader, password) = await a.Chain.AddAdminAsync(read: true);
        using var readOnly = await a.Chain.LoginAsync(reader.Username, password, withApp: false);
        (await readOnly.PostAsync("/create-voucher", ("user_id", Id(a.Member.Id)), ("campaign_id", Id(a.Wallet)), ("voucher_amount", "5"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await readOnly.PostAsync("/create-voucher", ("member_number", number), ("campaign_id", Id(a.Wallet)), ("voucher_amount", "5"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        using var adminOfB = await b.Chain.AdminClientAsync();
        (await adminOfB.PostAsync("/create-voucher", ("user_id", Id(a.Member.Id)), ("campaign_id", Id(a.Wallet)), ("voucher_amount", "5"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminOfB.PostAsync("/create-voucher", ("chain_id", Id(a.Chain.ChainId)), ("user_id", Id(a.Member.Id)), ("campaign_id", Id(a.Wallet)), ("voucher_amount", "5"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        // Admin b's own member_number is not ambiguous for it: it only looks in chain b.
        (await adminOfB.PostAsync("/create-voucher", ("member_number", number), ("campaign_id", Id(b.Wallet)), ("voucher_amount", "5"))).AssertOk("create-voucher");

        Assert.Equal(5000L - 500, await BalanceAsync(a.Chain, a.Wallet, a.Member.Id));
        Assert.Equal(5000L - 1000, await BalanceAsync(b.Chain, b.Wallet, b.Member.Id));
    }
}

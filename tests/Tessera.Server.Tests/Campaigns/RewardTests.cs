using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Campaigns;

public sealed class RewardTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<(int Wallet, int Campaign)> SetUpAsync(TestChain chain, string campaignJson, bool withWallet = true)
    {
        using var admin = await chain.AdminClientAsync();
        var wallet = withWallet
            ? (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money Wallet"}""")).GetProperty("id").GetInt32()
            : 0;
        var json = withWallet ? campaignJson.Replace("{{wallet}}", Id(wallet), StringComparison.Ordinal) : campaignJson;
        var campaign = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, json)).GetProperty("id").GetInt32();
        return (wallet, campaign);
    }

    private static Task<long> BalanceAsync(TestChain chain, int userId, int walletId) =>
        chain.App.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == walletId).Select(w => w.BalanceCents).SingleOrDefaultAsync());

    private static Task<List<(string Occurrence, long Amount, string Status)>> RewardsAsync(TestChain chain, int userId) =>
        chain.App.WithDbAsync(async db => (await db.CampaignRewards.Where(r => r.UserId == userId).OrderBy(r => r.Id).ToListAsync())
            .Select(r => (r.Occurrence, r.AmountCents, r.Status)).ToList());

    [Theory, AllEngines]
    public async Task A_signup_campaign_credits_its_wallet_when_an_opted_in_member_is_added(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, _) = await SetUpAsync(chain, """{"type":"signup","title":"Welcome","signup_amount":2.50,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        Assert.Equal(250L, await BalanceAsync(chain, member.Id, wallet));

        using var client = chain.PrivilegedClient();
        var optedOut = await client.PostAsync("/internal/add-user", ("username", $"out-{Guid.NewGuid():N}@example.test"), ("programme_opted_in", "false"));
        Assert.Equal(0L, await BalanceAsync(chain, optedOut.Results.GetProperty("user_info").GetProperty("user_id").GetInt32(), wallet));

        // Updating the member again rewards nothing more; the ledger names the signup campaign.
        await client.PostAsync("/internal/add-user", ("username", member.Username), ("first_name", "Again"), ("update_if_exists", "true"));
        Assert.Equal(250L, await BalanceAsync(chain, member.Id, wallet));
        var ledger = await client.GetAsync("/user-wallet-ledger", ("user_id", Id(member.Id)));
        var entry = Assert.Single(ledger.Results.GetProperty("ledger").EnumerateArray());
        Assert.Equal("signup", entry.GetProperty("campaign_type").GetString());
        Assert.Equal("Welcome", entry.GetProperty("campaign_title").GetString());
        Assert.Equal("campaignContribution", entry.GetProperty("kind").GetString());
    }

    [Theory, AllEngines]
    public async Task A_campaign_without_a_recipient_wallet_issues_a_voucher_of_the_reward(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (_, campaign) = await SetUpAsync(chain, """{"type":"signup","title":"Welcome voucher","signup_amount":5,"voucher_expiry_days":30,"created_voucher_claimed_by_default":true,"voucher_text":"Your welcome voucher"}""", withWallet: false);
        var member = await chain.AddMemberAsync();
        Assert.Equal([("signup", 500L, "issued")], await RewardsAsync(chain, member.Id));
        var voucher = await chain.App.WithDbAsync(db => db.Vouchers.SingleAsync(v => v.UserId == member.Id));
        Assert.Equal((campaign, 500L, "claimed", "basket", "Your welcome voucher"), (voucher.CampaignId!.Value, voucher.AmountOriginalCents!.Value, voucher.Status, voucher.Type, voucher.Text));
        Assert.Matches("^[0-9a-f]{64}$", voucher.Key);
        Assert.NotNull(voucher.ExpiresAt);
        Assert.Equal(1, await chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == "shopper.voucher-issued")));
    }

    [Theory, AllEngines]
    public async Task A_referral_rewards_inviter_and_invitee_at_sign_up(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, _) = await SetUpAsync(chain, """{"type":"affiliate","title":"Invite Friends!","sender_reward_amount":10,"recipient_reward_amount":5,"recipient_campaign_id":{{wallet}}}""");
        var inviter = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        var invitee = (await client.PostAsync("/internal/add-user", ("username", $"friend-{Guid.NewGuid():N}@example.test"), ("referral_code", inviter.ReferralCode!)))
            .Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
        Assert.Equal(1000L, await BalanceAsync(chain, inviter.Id, wallet));
        Assert.Equal(500L, await BalanceAsync(chain, invitee, wallet));
    }

    [Theory, AllEngines]
    public async Task A_referral_paid_at_first_purchase_pays_nothing_at_sign_up(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, _) = await SetUpAsync(chain, """{"type":"affiliate","title":"Invite","sender_reward_amount":10,"recipient_reward_amount":5,"reward_on_first_purchase":true,"recipient_campaign_id":{{wallet}}}""");
        var inviter = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        await client.PostAsync("/internal/add-user", ("username", $"friend-{Guid.NewGuid():N}@example.test"), ("referral_code", inviter.ReferralCode!));
        Assert.Equal(0L, await BalanceAsync(chain, inviter.Id, wallet));
    }

    [Theory, AllEngines]
    public async Task A_login_campaign_rewards_the_first_login_only(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, _) = await SetUpAsync(chain, """{"type":"login","title":"First login","reward_money":1.5,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        using (await chain.LoginAsync(member.Username, "member-secret", withApp: true))
        {
        }
        using (await chain.LoginAsync(member.Username, "member-secret", withApp: true))
        {
        }
        Assert.Equal(150L, await BalanceAsync(chain, member.Id, wallet));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_first_logins_reward_once(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, _) = await SetUpAsync(chain, """{"type":"login","title":"First login","reward_money":1,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        // As many parallel logins as one account's failed-login limit lets through at once (5 by default): each
        // attempt is reserved before its password is checked (docs/adr/0028).
        var logins = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var client = chain.App.Client().App(chain.Hostname);
            return await client.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"));
        }));
        Assert.All(logins, l => l.AssertOk("login"));
        Assert.Equal(100L, await BalanceAsync(chain, member.Id, wallet));
    }

    [Theory, AllEngines]
    public async Task A_profile_completion_campaign_rewards_once_when_every_required_field_is_filled(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, _) = await SetUpAsync(chain, """{"type":"profile_completion","title":"Complete your profile","required_fields":["birthday","phone_number"],"reward_money":2,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("birthday", "1990-01-01"));
        Assert.Equal(0L, await BalanceAsync(chain, member.Id, wallet));
        await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("phone_number", "+31 6 1234"));
        Assert.Equal(200L, await BalanceAsync(chain, member.Id, wallet));
        await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("phone_number", "+31 6 5678"));
        Assert.Equal(200L, await BalanceAsync(chain, member.Id, wallet));
    }

    [Theory, AllEngines]
    public async Task Interactions_reward_up_to_their_maximum_then_warn_450(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, campaign) = await SetUpAsync(chain, """{"type":"interaction","title":"Scan the poster","reward_money":1,"max_interactions_per_user":2,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        using var self = await chain.LoginAsync(member.Username, "member-secret", withApp: true);

        var first = await self.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)));
        first.AssertOk("interact-campaign");
        Assert.True(first.Results.GetProperty("success").GetBoolean());
        (await self.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)))).AssertOk("interact-campaign");
        var third = await self.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)));
        third.AssertOk("interact-campaign");
        Assert.False(third.Results.GetProperty("success").GetBoolean());
        Assert.Equal(450, Assert.Single(third.Json.GetProperty("warnings").EnumerateArray()).GetProperty("code").GetInt32());
        Assert.Equal(200L, await BalanceAsync(chain, member.Id, wallet));
    }

    [Theory, AllEngines]
    public async Task Interactions_that_cost_points_need_the_points(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points"}""")).GetProperty("id").GetInt32();
        var campaign = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"interaction","title":"Spin the wheel","points_cost":50,"operand_campaign_id":{{points}},"max_interactions_per_user":5}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        (await privileged.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.InsufficientPointsForInteraction);
        await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(points)), ("amount", "60"), ("log_message", "points"));
        (await privileged.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)), ("user_id", Id(member.Id)))).AssertOk("interact-campaign");
        Assert.Equal(1000L, await BalanceAsync(chain, member.Id, points));
        Assert.Equal([("interaction:1", 0L, "paid")], await RewardsAsync(chain, member.Id));
    }

    [Theory, AllEngines]
    public async Task Interact_campaign_checks_its_campaign_and_its_caller(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var (_, campaign) = await SetUpAsync(chain, """{"type":"interaction","title":"Scan","reward_money":1,"recipient_campaign_id":{{wallet}}}""");
        var (_, signup) = await SetUpAsync(chain, """{"type":"signup","title":"Welcome","signup_amount":1,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        (await privileged.GetAsync("/interact-campaign", ("user_id", Id(member.Id)))).AssertError(ErrorCodes.CampaignIdNotPresent);
        (await privileged.GetAsync("/interact-campaign", ("campaign_id", "x"), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.CampaignIdInvalid);
        (await privileged.GetAsync("/interact-campaign", ("campaign_id", "987654"), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.CampaignIdNotFound);
        (await privileged.GetAsync("/interact-campaign", ("campaign_id", Id(signup)), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.ParameterInvalid);
        (await privileged.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)), ("user_id", "987654"))).AssertError(ErrorCodes.UserNotFound);
        using var admin = await chain.AdminClientAsync();
        (await admin.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.ChainIdRequired);
        await admin.DeleteAsync("/internal/delete-campaign", ("campaign_id", Id(campaign)));
        (await admin.GetAsync("/interact-campaign", ("chain_id", Id(chain.ChainId)), ("campaign_id", Id(campaign)), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.CampaignNotActive);

        using var otherPrivileged = other.PrivilegedClient();
        var memberOfOther = await other.AddMemberAsync();
        (await otherPrivileged.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)), ("user_id", Id(memberOfOther.Id)))).AssertError(ErrorCodes.CampaignIdNotFound);
        (await otherPrivileged.GetAsync("/interact-campaign", ("campaign_id", Id(campaign)), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.UserNotFound);
    }
}

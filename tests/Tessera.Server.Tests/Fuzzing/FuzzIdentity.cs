namespace Tessera.Fuzzing;

/// <summary>
/// A chain the fuzzer calls into and the credentials of each kind it sometimes sends (member session, admin
/// session, privileged key), with ids that exist so some fuzzed requests get past the look-ups.
/// </summary>
public sealed record FuzzIdentity(
    int ChainId,
    string Hostname,
    string PrivilegedKey,
    int AdminUserId,
    string AdminSessionKey,
    string AdminUsername,
    string AdminPassword,
    int MemberUserId,
    string MemberSessionKey,
    string MemberUsername,
    int WalletCampaignId,
    string MerchantToken);

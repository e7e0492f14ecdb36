using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>
/// Bulk export of a chain's members (spec lines 1199-1220): a download link with a signed nonce,
/// usable once within 48 hours, and the CSV it streams.
/// </summary>
public sealed class ExportService(TesseraDbContext db, ServerSecrets secrets, TimeProvider clock)
{
    public const string Entity = "user";
    public static readonly TimeSpan Validity = TimeSpan.FromHours(48);
    private const string SigningKeyName = "export-signing-key";

    /// <summary>The link of a new export. The nonce is <c>random.expiry.signature</c>; only its hash is stored.</summary>
    public async Task<ExportResults> CreateLinkAsync(int chainId, string baseUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + Validity;
        var random = Secrets.NewKey();
        var expiry = new DateTimeOffset(expires).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = await SignAsync(random, expiry, chainId, cancellationToken);
        db.ExportNonces.Add(new ExportNonce { ChainId = chainId, Entity = Entity, NonceHash = Secrets.Hash(random), CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        var nonce = $"{random}.{expiry}.{signature}";
        return new ExportResults($"{baseUrl}/export/user?Nonce={Uri.EscapeDataString(nonce)}&ChainId={chainId}&Segment=all");
    }

    /// <summary>
    /// Checks the signature (325), the expiry (326) and uses the nonce up in one conditional update,
    /// so of two simultaneous downloads exactly one gets the file (327 for the other).
    /// </summary>
    public async Task<ApiFailure?> RedeemAsync(string? nonce, int chainId, CancellationToken cancellationToken)
    {
        var parts = (nonce ?? "").Split('.');
        if (parts.Length != 3 || !Secrets.IsHexKey(parts[0]) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return ErrorCodes.InvalidNonce;
        }
        var expected = Encoding.ASCII.GetBytes(await SignAsync(parts[0], parts[1], chainId, cancellationToken));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return ErrorCodes.InvalidNonce;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (DateTimeOffset.FromUnixTimeSeconds(expiry).UtcDateTime <= now)
        {
            return ErrorCodes.ExpiredNonce;
        }
        var hash = Secrets.Hash(parts[0]);
        var used = await db.ExportNonces
            .Where(n => n.NonceHash == hash && n.ChainId == chainId && n.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.UsedAt, now), cancellationToken);
        if (used == 1)
        {
            return null;
        }
        return await db.ExportNonces.AnyAsync(n => n.NonceHash == hash && n.ChainId == chainId, cancellationToken)
            ? ErrorCodes.NonceAlreadyUsed
            : ErrorCodes.InvalidNonce;
    }

    private async Task<string> SignAsync(string random, string expiry, int chainId, CancellationToken cancellationToken)
    {
        var key = Encoding.ASCII.GetBytes(await secrets.GetAsync(SigningKeyName, cancellationToken));
        var message = Encoding.ASCII.GetBytes($"{random}.{expiry}.{chainId.ToString(CultureInfo.InvariantCulture)}.{Entity}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    private static readonly string[] Columns =
    [
        "user_id", "username", "member_number", "entity_code_type", "first_name", "last_name", "gender", "birthday",
        "country_code", "language", "phone_number", "address_streetname", "address_housenumber", "address_housenumber_extension",
        "address_line_2", "address_line_3", "address_towncity", "address_regionstate", "address_postalcode",
        "authentication_point_identifier", "auxiliary_identifier", "mailing_list_sub_offered", "mailing_list_subscribed",
        "printed_mailing_list_subscribed", "programme_opted_in", "join_date", "registered", "is_employee", "obfuscated",
        "signup_channel", "signup_store_id", "home_store_id", "referral_code", "referring_user_id", "created_date",
    ];

    /// <summary>
    /// Streams every member of the chain as RFC 4180 CSV, safe to open in a spreadsheet (<see cref="SpreadsheetSafeCsv"/>): rows are read one by one from the database
    /// and written as they come, so memory stays flat whatever the number of members.
    /// </summary>
    public async Task WriteCsvAsync(int chainId, Stream body, CancellationToken cancellationToken)
    {
        await using var csv = SpreadsheetSafeCsv.Create(body);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        var rows = db.Users.AsNoTracking().Where(u => u.ChainId == chainId && !u.IsAdmin).OrderBy(u => u.Id).AsAsyncEnumerable();
        await foreach (var u in rows.WithCancellation(cancellationToken))
        {
            WriteRow(csv, u);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private static void WriteRow(CsvWriter csv, User u)
    {
        csv.WriteField(u.Id, "");
        csv.WriteField(Text(u.Username));
        csv.WriteField(Text(u.MemberNumber));
        csv.WriteField(Text(u.MemberNumberCustom ? "custom" : "regular"));
        csv.WriteField(Text(u.FirstName));
        csv.WriteField(Text(u.LastName));
        csv.WriteField(Text(u.Gender));
        csv.WriteField(Text(u.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        csv.WriteField(Text(u.CountryCode));
        csv.WriteField(Text(u.Language));
        csv.WriteField(Text(u.PhoneNumber));
        csv.WriteField(Text(u.AddressStreetname));
        csv.WriteField(Text(u.AddressHousenumber));
        csv.WriteField(Text(u.AddressHousenumberExtension));
        csv.WriteField(Text(u.AddressLine2));
        csv.WriteField(Text(u.AddressLine3));
        csv.WriteField(Text(u.AddressTowncity));
        csv.WriteField(Text(u.AddressRegionstate));
        csv.WriteField(Text(u.AddressPostalcode));
        csv.WriteField(Text(u.AuthenticationPointIdentifier));
        csv.WriteField(Text(u.AuxiliaryIdentifier));
        csv.WriteField(Flag(u.MailingListSubOffered));
        csv.WriteField(Flag(u.MailingListSubscribed));
        csv.WriteField(Flag(u.PrintedMailingListSubscribed));
        csv.WriteField(Flag(u.ProgrammeOptedIn));
        csv.WriteField(Text(SpaazaDates.Iso(u.JoinDate)));
        csv.WriteField(Flag(u.Registered));
        csv.WriteField(Flag(u.IsEmployee));
        csv.WriteField(Flag(u.Obfuscated));
        csv.WriteField(Text(u.SignupChannel));
        csv.WriteField(u.SignupStoreId, "");
        csv.WriteField(u.HomeStoreId, "");
        csv.WriteField(Text(u.ReferralCode));
        csv.WriteField(u.ReferringUserId, "");
        csv.WriteField(Text(SpaazaDates.Iso(u.CreatedAt)));
    }

    private static string Text(string? value) => value ?? "";

    private static string Flag(bool value) => value ? "true" : "false";
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Tessera.Server.Features.Events;

/// <summary>
/// The <c>id</c> of an event body: lowercase hex as the samples' (PHP uniqid: 8 hex digits of the Unix second, then
/// more), but 20 digits: the second, then 48 random bits. uniqid's 13 digits are unique only on one host, one
/// microsecond at a time; Tessera runs on several servers, and 2^48 ids per second make a repeat practically
/// impossible. Ids sort by the second they were made in. See docs/adr/0033-event-ids-are-the-second-and-48-random-bits.md.
/// </summary>
public static class EventIds
{
    public const int Length = 20;

    public static string New(DateTime utc)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        var bits = BinaryPrimitives.ReadUInt64LittleEndian(random) & 0xFFFF_FFFF_FFFFUL;
        var seconds = (uint)new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"{seconds:x8}{bits:x12}");
    }
}

using System.Text.Json.Serialization;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Members;

/// <summary>The note object of the spec (id, text, created_date, user_id, creating_user_id).</summary>
public sealed record NoteView(int Id, string Text, string CreatedDate, int UserId, int? CreatingUserId)
{
    public static NoteView From(UserNote note) =>
        new(note.Id, note.Text, note.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), note.UserId, note.CreatingUserId);
}

public sealed record DeletedNote(int Id, [property: JsonPropertyName("deleted")] bool Deleted);

using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>add-user-note and delete-user-note (spec lines 1768-1830): admins with write, or privileged.</summary>
public static class NoteEndpoints
{
    public const int MaxTextLength = 1000;

    public static IEndpointRouteBuilder MapNoteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/add-user-note", AddUserNote).WithName("add-user-note");
        app.MapDelete("/internal/delete-user-note", DeleteUserNote).WithName("delete-user-note");
        return app;
    }

    private static async Task<IResult> AddUserNote(HttpRequest request, Caller caller, TesseraDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var userId = p.RequiredInt("user_id", ErrorCodes.UserIdNotPresent, ErrorCodes.UserIdInvalid);
        var text = p.Required("text");
        p.Text("text", MaxTextLength, ErrorCodes.StringParameterTooLong);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var member = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && !u.IsAdmin, ct);
        // A member of another chain answers as one that does not exist. Admins write notes on chains they may write
        // to; privileged clients on their own chain.
        if (member is null || ChainScope.Authorize(caller, member.ChainId, Permission.Write) is not null)
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
        }
        var note = new UserNote
        {
            ChainId = member.ChainId,
            UserId = member.Id,
            Text = text,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatingUserId = caller.IsAdmin ? caller.User!.Id : null,
        };
        db.UserNotes.Add(note);
        await db.SaveChangesAsync(ct);
        return Spaaza.Ok("add-user-note", NoteView.From(note));
    }

    private static async Task<IResult> DeleteUserNote(HttpRequest request, Caller caller, TesseraDbContext db, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var noteId = p.RequiredInt("user_note_id", ErrorCodes.HttpVarsMissing, ErrorCodes.ParameterSuppliedNotInteger);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var note = await db.UserNotes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteId, ct);
        if (note is null || ChainScope.Authorize(caller, note.ChainId, Permission.Write) is not null)
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
        }
        await db.UserNotes.Where(n => n.Id == noteId).ExecuteDeleteAsync(ct);
        return Spaaza.Ok("delete-user-note", new DeletedNote(noteId, true));
    }
}

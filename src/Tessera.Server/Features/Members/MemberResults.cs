namespace Tessera.Server.Features.Members;

public sealed record AddUserResults(UserInfo UserInfo);

public sealed record UserInfoResults(UserInfo UserInfo);

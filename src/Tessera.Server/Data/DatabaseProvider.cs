namespace Tessera.Server.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

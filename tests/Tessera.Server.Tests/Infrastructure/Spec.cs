using System.Reflection;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>The specification documents in <c>../shared/seeds</c> beside the repository.</summary>
public static class Spec
{
    public static string RepositoryRoot { get; } = Path.GetFullPath(
        typeof(Spec).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    public static string SeedsFolder => Path.Combine(RepositoryRoot, "..", "shared", "seeds");

    public static string[] SpaazaLines() => File.ReadAllLines(Path.Combine(SeedsFolder, "002_d57fb60da27dd8e1.txt"));
}

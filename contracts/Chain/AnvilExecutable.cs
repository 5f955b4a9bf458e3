using System.Reflection;
using System.Runtime.InteropServices;

namespace Consortium.Contracts.Chain;

/// <summary>
/// Finds the anvil binary the build installed from npm (<c>@foundry-rs/anvil-&lt;platform&gt;</c>):
/// first the <c>CONSORTIUM_ANVIL</c> environment variable, then a <c>node_modules</c> folder above the
/// running application or the working directory, then the repository the library was built in, then <c>PATH</c>.
/// </summary>
public static class AnvilExecutable
{
    /// <summary>The environment variable that overrides where anvil is.</summary>
    public const string EnvironmentVariable = "CONSORTIUM_ANVIL";

    /// <summary>Locates anvil.</summary>
    /// <returns>The full path of the anvil executable.</returns>
    /// <exception cref="FileNotFoundException">No anvil was found anywhere.</exception>
    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"{EnvironmentVariable} points to '{configured}', which does not exist.", configured);
        }

        var relative = Path.Combine("node_modules", "@foundry-rs", PlatformPackage(), "bin", BinaryName);
        foreach (var start in SearchRoots())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, BinaryName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"anvil was not found. Build contracts/Consortium.Contracts.csproj (it runs `npm ci` in the repository root), " +
            $"or set {EnvironmentVariable} to the anvil executable.");
    }

    private static string BinaryName => OperatingSystem.IsWindows() ? "anvil.exe" : "anvil";

    private static IEnumerable<string> SearchRoots()
    {
        yield return AppContext.BaseDirectory;
        yield return Environment.CurrentDirectory;
        var builtIn = typeof(AnvilExecutable).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "Consortium.RepositoryRoot")?.Value;
        if (!string.IsNullOrEmpty(builtIn) && Directory.Exists(builtIn))
        {
            yield return builtIn;
        }
    }

    private static string PlatformPackage()
    {
        var os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        return $"anvil-{os}-{arch}";
    }
}

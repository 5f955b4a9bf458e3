namespace Consortium.Data.Tests;

/// <summary>Finds the repository's bundled data folder from the test output directory.</summary>
internal static class TestData
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "data", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Bundled data file data/{relative} not found above {AppContext.BaseDirectory}");
    }
}

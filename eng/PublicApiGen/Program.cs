// Prints the PublicAPI.Unshipped.txt entries for public symbols that a project's PublicAPI files do not declare yet.
// It runs the real PublicApiAnalyzers over the sources and reads the entry each RS0016 diagnostic carries, because
// `dotnet format` does not apply that code fix to additional files.
// Usage: PublicApiGen <project folder> <file listing reference assembly paths, one a line>
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.PublicApiAnalyzers;
using Microsoft.CodeAnalysis.Text;

var projectDir = args[0];
var references = File.ReadAllLines(args[1]).Select(l => l.Trim()).Where(l => l.EndsWith(".dll", StringComparison.Ordinal))
    .Select(p => MetadataReference.CreateFromFile(p));
var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NET", "NET8_0_OR_GREATER" });
var trees = Directory.GetFiles(projectDir, "*.cs", SearchOption.AllDirectories)
    .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
    .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f));
var compilation = CSharpCompilation.Create(
    Path.GetFileName(Path.GetFullPath(projectDir)), trees, references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

var apiFiles = ImmutableArray.Create<AdditionalText>(
    new FileText(Path.Combine(projectDir, "PublicAPI.Shipped.txt")),
    new FileText(Path.Combine(projectDir, "PublicAPI.Unshipped.txt")));
var diagnostics = await compilation
    .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarePublicApiAnalyzer()), new AnalyzerOptions(apiFiles))
    .GetAnalyzerDiagnosticsAsync();

foreach (var entry in diagnostics
    .Where(d => d.Id == "RS0016" && d.Properties.TryGetValue("APIName", out var name) && name is not null)
    .Select(d => d.Properties["APIName"]!)
    .Distinct(StringComparer.Ordinal)
    .Order(StringComparer.Ordinal))
{
    Console.WriteLine(entry);
}

internal sealed class FileText(string path) : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(path));
}

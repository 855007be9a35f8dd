using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
// args: projectDir referencesFile
var dir = args[0];
var refs = File.ReadAllLines(args[1]).Where(l => l.EndsWith(".dll")).Select(p => MetadataReference.CreateFromFile(p.Trim()));
var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NET", "NET8_0_OR_GREATER" });
var trees = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
    .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f));
var comp = CSharpCompilation.Create("KlingO1", trees, refs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(Microsoft.CodeAnalysis.PublicApiAnalyzers.DeclarePublicApiAnalyzer))!;
var texts = ImmutableArray.Create<AdditionalText>(new Txt(Path.Combine(dir, "PublicAPI.Shipped.txt")), new Txt(Path.Combine(dir, "PublicAPI.Unshipped.txt")));
var diags = await comp.WithAnalyzers(ImmutableArray.Create(analyzer), new AnalyzerOptions(texts)).GetAnalyzerDiagnosticsAsync();
Console.Error.WriteLine($"diags={diags.Length} errors={comp.GetDiagnostics().Count(x=>x.Severity==DiagnosticSeverity.Error)}"); foreach (var e in comp.GetDiagnostics().Where(x=>x.Severity==DiagnosticSeverity.Error).Take(3)) Console.Error.WriteLine(e);
foreach (var kv in diags[0].Properties) Console.Error.WriteLine($"{diags[0].Id} {kv.Key}={kv.Value}");
var names = new SortedSet<string>(StringComparer.Ordinal);
foreach (var d in diags)
{
    if (d.Id == "RS0016" && d.Properties.TryGetValue("APIName", out var n) && n != null) names.Add(n);
    else if (d.Id != "RS0016") Console.Error.WriteLine(d);
}
foreach (var n in names) Console.WriteLine(n);
class Txt(string path) : AdditionalText { public override string Path => path; public override SourceText GetText(CancellationToken c = default) => SourceText.From(File.ReadAllText(path)); }

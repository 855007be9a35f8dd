using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using KlingO1.Testing;

namespace KlingO1.Tests.Conventions
{
    /// <summary>Rules every public member of the packages follows, checked by reflection so a new member cannot slip.</summary>
    public sealed class PublicApiConventionTests
    {
        private static readonly Assembly[] Packages = { typeof(KlingVideoClient).Assembly, typeof(KlingSimulator).Assembly };

        public static TheoryData<Type> ResponseModels => new() { typeof(VideoTask), typeof(VideoTaskError), typeof(UploadedImage), typeof(RateLimitInfo), typeof(AccountBalance), typeof(SimulatedTask), typeof(ReceivedRequest), typeof(SimulatorWebhookEvent), typeof(SimulatorWebhookDelivery) };

        [Fact]
        public void AsyncMethods_EndInAsyncAndTakeACancellationToken()
        {
            var offenders = PublicMethods()
                .Where(m => IsAsync(m.ReturnType) && m.Name != nameof(IAsyncDisposable.DisposeAsync))
                .Where(m => !m.Name.EndsWith("Async", StringComparison.Ordinal) || !m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
                .Select(Describe)
                .ToArray();

            Assert.Empty(offenders);
        }

        [Theory]
        [MemberData(nameof(ResponseModels))]
        public void ResponseModels_HaveNoPublicSetters(Type model)
        {
            var settable = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => p.Name)
                .ToArray();

            Assert.Empty(settable);
        }

        [Fact]
        public void PublicTypesAndMembers_AreDocumented()
        {
            var documented = new HashSet<string>(StringComparer.Ordinal);
            foreach (var assembly in Packages)
            {
                var xml = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
                documented.UnionWith(xml.Descendants("member").Select(m => (string)m.Attribute("name")!));
            }

            var missing = Packages.SelectMany(a => a.GetExportedTypes())
                .Where(t => !documented.Contains("T:" + t.FullName!.Replace('+', '.')))
                .Select(t => t.FullName!)
                .ToArray();

            Assert.Empty(missing);
        }

        [Fact]
        public void Client_ImplementsEveryInterfaceMemberAndAddsOnlyDispose()
        {
            var interfaceMethods = typeof(IKlingVideoClient).GetMethods().Select(Signature).ToHashSet();
            var clientMethods = typeof(KlingVideoClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Select(Signature)
                .ToHashSet();

            Assert.Subset(clientMethods, interfaceMethods);
            Assert.Equal(new[] { "Dispose()" }, clientMethods.Except(interfaceMethods));
        }

        [Fact]
        public void ModelFactory_BuildsWhatTestsNeed()
        {
            var task = KlingVideoModelFactory.VideoTask("video_1", VideoTaskStatus.Failed, errorCode: "generation_failed", errorMessage: "policy");
            var failure = new VideoTaskFailedException(task);
            var limited = Assert.IsType<KlingRateLimitException>(KlingVideoModelFactory.ApiException((System.Net.HttpStatusCode)429, "rate_limit_exceeded", retryAfter: TimeSpan.FromSeconds(3)));
            var image = KlingVideoModelFactory.UploadedImage(new Uri("https://files.example.com/a.png"), size: 10);

            Assert.Equal("generation_failed", failure.ErrorCode);
            Assert.Equal("video_1", failure.TaskId);
            Assert.Equal(TimeSpan.FromSeconds(3), limited.RetryAfter);
            Assert.IsType<KlingNotFoundException>(KlingVideoModelFactory.ApiException(System.Net.HttpStatusCode.NotFound));
            Assert.Equal(10, image.Size);
        }

        /// <summary>
        /// Every model a client returns, and every exception it throws, that user code cannot construct is built by
        /// <see cref="KlingVideoModelFactory"/>: a handler under test can be given any of them without a real answer.
        /// </summary>
        [Fact]
        public void ModelFactory_BuildsEveryPublicModelThatHasNoPublicConstructor()
        {
            var types = typeof(KlingVideoClient).Assembly.GetExportedTypes();
            // Built directly: a public static method returns it (the factory, or the type's own FromUrl/Parse) ...
            var reachable = types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)).Select(m => m.ReturnType).ToHashSet();
            // ... or as part of something built (a task's error, an event's result).
            var pending = new Queue<Type>(reachable);
            while (pending.TryDequeue(out var type))
            {
                foreach (var part in type.GetProperties().Select(p => p.PropertyType).SelectMany(t => t.IsGenericType ? t.GetGenericArguments().Append(t) : new[] { t }))
                {
                    if (reachable.Add(part))
                    {
                        pending.Enqueue(part);
                    }
                }
            }

            var unbuildable = types
                .Where(t => t.IsClass && !t.IsAbstract && !typeof(Delegate).IsAssignableFrom(t) && t.GetConstructors().Length == 0)
                // An exception of one status is built through ApiException, which returns their base type.
                .Where(t => !typeof(KlingApiException).IsAssignableFrom(t))
                // A type with a protected constructor is stood in for by a mock that derives from it (see the next test).
                .Where(t => t.GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not { IsFamily: true })
                .Where(t => !reachable.Contains(t))
                .Select(t => t.FullName)
                .ToArray();

            Assert.Empty(unbuildable);
        }

        /// <summary>
        /// No public type of the packages shares its simple name with a type of a namespace an app that uses them commonly
        /// imports as well (the runtime, Microsoft.Extensions, Polly, ASP.NET Core, Azure's core, the UI frameworks), so a
        /// file with both <c>using</c>s never needs a qualified name (<c>RetryOptions</c> and <c>ImageSource</c> did).
        /// </summary>
        [Fact]
        public void PublicTypeNames_DoNotClashWithTypesOfCommonlyImportedNamespaces()
        {
            // Known from packages not loaded here: Azure.Core, WPF, WinUI and .NET MAUI.
            var elsewhere = new HashSet<string>(StringComparer.Ordinal)
            {
                "RetryOptions", "ClientOptions", "ImageSource", "VideoSource", "MediaSource", "Aspect", "Operation", "Response",
            };
            // What the packages reference is what their users have loaded too; loaded here so the check does not depend on test order.
            var referenced = Packages.SelectMany(a => a.GetReferencedAssemblies()).Select(Assembly.Load).ToArray();
            var loaded = referenced.Concat(AppDomain.CurrentDomain.GetAssemblies()).Distinct()
                .Where(a => !Packages.Contains(a) && !a.IsDynamic && a.GetName().Name is { } name
                    && (name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal)
                        || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Polly", StringComparison.Ordinal)));
            foreach (var assembly in loaded)
            {
                foreach (var type in ExportedTypesOf(assembly))
                {
                    elsewhere.Add(type.Name);
                }
            }

            var clashes = Packages.SelectMany(a => a.GetExportedTypes()).Where(t => !t.IsNested && elsewhere.Contains(t.Name)).Select(t => t.FullName).ToArray();

            Assert.True(elsewhere.Count > 1000, "the runtime's and the libraries' types were read");
            Assert.Empty(clashes);
        }

        private static Type[] ExportedTypesOf(Assembly assembly)
        {
            try
            {
                return assembly.GetExportedTypes();
            }
            catch (Exception ex) when (ex is NotSupportedException or ReflectionTypeLoadException or FileNotFoundException)
            {
                return Array.Empty<Type>();
            }
        }

        /// <summary>
        /// A public type that user code builds only by deriving from it (its constructor is protected, for mocking) has
        /// every public instance member virtual, so a mocking library can stand in for all of it.
        /// </summary>
        [Fact]
        public void MockableTypes_HaveEveryPublicMemberVirtual()
        {
            var mockable = typeof(KlingVideoClient).Assembly.GetExportedTypes()
                .Where(t => t.IsClass && t.GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is { IsFamily: true })
                .ToArray();
            var fixedMembers = mockable
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Where(m => !m.IsVirtual && m.Name != nameof(ToString))
                .Select(m => m.DeclaringType!.Name + "." + m.Name)
                .ToArray();

            Assert.Contains(typeof(VideoGenerationOperation), mockable);
            Assert.Empty(fixedMembers);
        }

        [Fact]
        public void ModelFactory_UploadedVideo_HasWhatItWasGiven()
        {
            var video = KlingVideoModelFactory.UploadedVideo(new Uri("https://files.example.com/a.mp4"), "upload_1", size: 42);

            Assert.Equal(("upload_1", new Uri("https://files.example.com/a.mp4"), "video/mp4", 42L), (video.Id, video.Url, video.MimeType, video.Size));
        }

        private static IEnumerable<MethodInfo> PublicMethods()
            => Packages.SelectMany(a => a.GetExportedTypes())
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(m => !m.IsSpecialName);

        private static bool IsAsync(Type type)
            => type == typeof(Task) || type == typeof(ValueTask)
                || (type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(Task<>) || g == typeof(ValueTask<>) || g == typeof(IAsyncEnumerable<>)));

        private static string Signature(MethodInfo method)
            => $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

        private static string Describe(MethodInfo method) => method.DeclaringType!.Name + "." + Signature(method);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;

namespace KlingO1.Cli.Options
{
    /// <summary>
    /// The values the CLI's options take, read from the SDK's types rather than copied: the known modes and aspect ratios
    /// (their static values), the request shapes and reference video types (their enum members), the durations the SDK
    /// accepts, and the defaults a new request has. A value the SDK adds shows up in the CLI, its help and completions.
    /// </summary>
    internal static class Choices
    {
        private static readonly Lazy<IReadOnlyList<Choice<VideoDuration>>> LazyDurations = new(ProbeDurations);

        public static IReadOnlyList<Choice<VideoMode>> Modes { get; } = KnownValues<VideoMode>(mode => mode.Value);

        public static IReadOnlyList<Choice<AspectRatio>> AspectRatios { get; } = KnownValues<AspectRatio>(ratio => ratio.Value);

        public static IReadOnlyList<Choice<RequestShape>> Shapes { get; } = EnumValues<RequestShape>();

        public static IReadOnlyList<Choice<ReferenceVideoType>> VideoTypes { get; } = EnumValues<ReferenceVideoType>();

        /// <summary>Gets the durations the SDK accepts, in seconds order (the SDK keeps its range to itself, so it is asked).</summary>
        public static IReadOnlyList<Choice<VideoDuration>> Durations => LazyDurations.Value;

        /// <summary>Gets the named durations (<c>VideoDuration.FiveSeconds</c>, ...), for translating the SDK's messages.</summary>
        public static IReadOnlyList<Choice<VideoDuration>> NamedDurations { get; } = KnownValues<VideoDuration>(d => d.Seconds.ToString(CultureInfo.InvariantCulture));

        /// <summary>Gets the mode a request has when none is given.</summary>
        public static VideoMode? DefaultMode { get; } = new VideoGenerationRequest("-").Mode;

        /// <summary>Gets the duration a request has when none is given.</summary>
        public static VideoDuration? DefaultDuration { get; } = new VideoGenerationRequest("-").Duration;

        /// <summary>Returns the words of <paramref name="choices"/> as "a, b or c".</summary>
        public static string Words<T>(IReadOnlyList<Choice<T>> choices)
        {
            var words = choices.Select(c => c.Word).ToList();
            return words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " or " + words[^1];
        }

        /// <summary>Returns the words of <paramref name="choices"/> as "a|b|c", for help.</summary>
        public static string HelpName<T>(IReadOnlyList<Choice<T>> choices) => string.Join("|", choices.Select(c => c.Word));

        /// <summary>Returns the durations as the help and messages say them: "3 to 10" when they run without a gap.</summary>
        public static string DurationRange()
        {
            var seconds = Durations.Select(d => d.Value.Seconds).ToList();
            var contiguous = seconds.Count > 2 && seconds[^1] - seconds[0] == seconds.Count - 1;
            return contiguous
                ? string.Create(CultureInfo.InvariantCulture, $"{seconds[0]} to {seconds[^1]}")
                : Words(Durations);
        }

        /// <summary>Finds the choice typed as <paramref name="word"/> (case-insensitively, as the SDK compares values).</summary>
        public static Choice<T>? Find<T>(IReadOnlyList<Choice<T>> choices, string word)
            => choices.FirstOrDefault(c => string.Equals(c.Word, word.Trim(), StringComparison.OrdinalIgnoreCase));

        private static List<Choice<T>> KnownValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(Func<T, string> word)
        {
            // The SDK's open sets ("readonly struct" wrappers) name their known values as static properties of their own type.
            return typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static)
                .Where(p => p.PropertyType == typeof(T) && p.GetIndexParameters().Length == 0)
                .Select(p => (Name: p.Name, Value: (T)p.GetValue(null)!))
                .Select(p => new Choice<T>(word(p.Value), p.Value, typeof(T).Name + "." + p.Name))
                .ToList();
        }

        private static List<Choice<T>> EnumValues<T>()
            where T : struct, Enum
            => Enum.GetValues<T>().Select(v => new Choice<T>(Kebab(v.ToString()), v, typeof(T).Name + "." + v)).ToList();

        private static List<Choice<VideoDuration>> ProbeDurations()
        {
            var accepted = new List<Choice<VideoDuration>>();
            for (var seconds = 1; seconds <= 60; seconds++)
            {
                try
                {
                    var duration = VideoDuration.FromSeconds(seconds);
                    accepted.Add(new Choice<VideoDuration>(seconds.ToString(CultureInfo.InvariantCulture), duration, "VideoDuration.FromSeconds(" + seconds.ToString(CultureInfo.InvariantCulture) + ")"));
                }
                catch (ArgumentOutOfRangeException)
                {
                    // Not a length the SDK makes.
                }
            }

            return accepted;
        }

        /// <summary>Returns a member name as a command-line word: <c>ImageUrls</c> becomes <c>image-urls</c>.</summary>
        private static string Kebab(string name)
        {
            var word = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (char.IsUpper(name[i]) && i > 0)
                {
                    word.Append('-');
                }

                word.Append(char.ToLowerInvariant(name[i]));
            }

            return word.ToString();
        }
    }
}

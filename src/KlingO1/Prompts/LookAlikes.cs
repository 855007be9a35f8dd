using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KlingO1.Prompts
{
    /// <summary>
    /// Characters that look like those of a reference token but are not (fullwidth and mathematical forms, Roman
    /// numerals, other angle brackets, Cyrillic, Greek and IPA letters), and invisible ones (zero-width spaces, soft
    /// hyphens): a prompt written with them reads as <c>&lt;&lt;&lt;image_1&gt;&gt;&gt;</c> to a person and as plain text
    /// to the service, which would then ignore the image. Folding them to ASCII, and dropping the invisible ones, lets
    /// the scanner find such tokens; the fold remembers where each character came from, to quote what was written.
    /// </summary>
    internal static class LookAlikes
    {
        private static readonly Dictionary<char, char> Map = new()
        {
            ['\u2039'] = '<', ['\u203A'] = '>', ['\u00AB'] = '<', ['\u00BB'] = '>', ['\u3008'] = '<', ['\u3009'] = '>',
            ['\u27E8'] = '<', ['\u27E9'] = '>', ['\uFE64'] = '<', ['\uFE65'] = '>', ['\u2329'] = '<', ['\u232A'] = '>',
            ['\u0430'] = 'a', ['\u0435'] = 'e', ['\u043E'] = 'o', ['\u0456'] = 'i', ['\u043C'] = 'm', ['\u0501'] = 'd',
            ['\u0410'] = 'A', ['\u0415'] = 'E', ['\u041E'] = 'O', ['\u0406'] = 'I', ['\u041C'] = 'M', ['\u0422'] = 'T',
            ['\u0475'] = 'v', ['\u03B1'] = 'a', ['\u03B5'] = 'e', ['\u03BF'] = 'o', ['\u03B9'] = 'i', ['\u03BD'] = 'v',
            ['\u0261'] = 'g', ['\u0131'] = 'i', ['\u2010'] = '-', ['\u2011'] = '-', ['\u2012'] = '-', ['\u2013'] = '-',
            ['\u0251'] = 'a', ['\u0269'] = 'i', ['\u026A'] = 'i', ['\u1D0D'] = 'm', ['\u1D00'] = 'a', ['\u1D07'] = 'e',
            ['\u0580'] = 'n', ['\u057C'] = 'n', ['\u02BB'] = '_', ['\uFF3F'] = '_', ['\u2017'] = '_',
        };

        /// <summary>
        /// Returns the text with every look-alike folded to its ASCII twin and every invisible character dropped, and for
        /// each folded character the index in <paramref name="text"/> it came from; or the text itself (and no map) when
        /// there is nothing to fold.
        /// </summary>
        public static string Fold(string text, out int[]? origins)
        {
            StringBuilder? folded = null;
            List<int>? from = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                var twin = c < '\u0080' ? null : Twin(text, i, width);
                if (twin is not null && folded is null)
                {
                    folded = new StringBuilder(text.Length).Append(text, 0, i);
                    from = new List<int>(text.Length);
                    for (var k = 0; k < i; k++)
                    {
                        from.Add(k);
                    }
                }

                if (folded is not null)
                {
                    var written = twin ?? text.Substring(i, width);
                    foreach (var f in written)
                    {
                        folded.Append(f);
                        from!.Add(i);
                    }
                }

                i += width - 1;
            }

            origins = from?.ToArray();
            return folded?.ToString() ?? text;
        }

        /// <summary>The ASCII the character at <paramref name="i"/> stands for ("" for an invisible one), or null to keep it.</summary>
        private static string? Twin(string text, int i, int width)
        {
            var c = text[i];
            if (width == 1 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return string.Empty;
            }

            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                return ((char)(c - 0xFEE0)).ToString();
            }

            if (Map.TryGetValue(c, out var mapped))
            {
                return mapped.ToString();
            }

            // Letter-like symbols, Roman numerals, circled letters and the mathematical alphabets (surrogate pairs) fold by
            // compatibility normalization; other scripts (CJK, say) are left alone, and cost nothing here.
            if (width == 2 || c is >= '\u2100' and <= '\u218F' || c is >= '\u24B6' and <= '\u24E9')
            {
                var normalized = text.Substring(i, width).Normalize(NormalizationForm.FormKC);
                return normalized.Length > 0 && IsAscii(normalized) ? normalized : null;
            }

            return null;
        }

        private static bool IsAscii(string text)
        {
            foreach (var c in text)
            {
                if (c >= '\u0080')
                {
                    return false;
                }
            }

            return true;
        }
    }
}

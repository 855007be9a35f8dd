using System.Collections.Generic;

namespace KlingO1.Prompts
{
    /// <summary>
    /// Characters that look like those of a reference token but are not (fullwidth forms, other angle brackets, Cyrillic
    /// and Greek letters): a prompt written with them reads as <c>&lt;&lt;&lt;image_1&gt;&gt;&gt;</c> to a person and as
    /// plain text to the service, which would then ignore the image. Folding them to ASCII, one character for one, lets
    /// the scanner find such tokens where they stand.
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
        };

        /// <summary>Returns the text with every look-alike folded to its ASCII twin (same length), or the text itself when it has none.</summary>
        public static string Fold(string text)
        {
            char[]? folded = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var ascii = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : Map.TryGetValue(c, out var twin) ? twin : c;
                if (ascii != c)
                {
                    folded ??= text.ToCharArray();
                    folded[i] = ascii;
                }
            }

            return folded is null ? text : new string(folded);
        }
    }
}

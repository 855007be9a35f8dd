using System;
using System.IO;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>Small real images (by their signatures) and files holding them.</summary>
    internal static class TestImages
    {
        /// <summary>A 1x1 PNG.</summary>
        public static readonly byte[] Png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

        /// <summary>The start of a JPEG (the signature is all the SDK looks at).</summary>
        public static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00 };

        /// <summary>Writes <paramref name="content"/> to a new file in a fresh temporary folder and returns its path.</summary>
        public static string WriteFile(string name, byte[] content)
        {
            var folder = Path.Combine(Path.GetTempPath(), "klingo1-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, content);
            return path;
        }
    }
}

using System;
using System.IO;

namespace KlingO1.Cli.Output
{
    /// <summary>The terminal's width in columns, with a fallback where there is none to ask.</summary>
    internal static class TerminalWidth
    {
        /// <summary>The width assumed when the terminal does not say.</summary>
        public const int Default = 80;

        /// <summary>Reads <see cref="Console.WindowWidth"/>, or returns <see cref="Default"/> when it is unknown.</summary>
        public static int Read()
        {
            try
            {
                var width = Console.WindowWidth;
                return width > 0 ? width : Default;
            }
            catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
            {
                return Default;
            }
        }
    }
}

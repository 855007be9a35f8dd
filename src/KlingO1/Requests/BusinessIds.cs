using System;

namespace KlingO1
{
    /// <summary>Client business ids: which are usable, and fresh ones for each logical submit.</summary>
    internal static class BusinessIds
    {
        public const int MaxLength = 128;

        public static bool IsUsable(string value)
        {
            if (value.Length is 0 or > MaxLength || value is "." or "..")
            {
                return false;
            }

            foreach (var c in value)
            {
                if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A new id for one logical submit.</summary>
        public static string NewId() => "klingo1_" + Guid.NewGuid().ToString("N");
    }
}

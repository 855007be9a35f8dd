using System;
using System.Runtime.CompilerServices;

namespace KlingO1.Internal
{
    /// <summary>The one null check of public entry points: the exception names the argument the caller wrote.</summary>
    internal static class Guard
    {
        /// <summary>Returns <paramref name="value"/>, or throws <see cref="ArgumentNullException"/> naming it.</summary>
        public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
            where T : class
            => value ?? throw new ArgumentNullException(name);
    }
}

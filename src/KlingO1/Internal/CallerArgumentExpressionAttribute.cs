#if !NET
namespace System.Runtime.CompilerServices
{
    /// <summary>The compiler's hook for <see cref="KlingO1.Internal.Guard"/> on netstandard2.0, where the BCL lacks it.</summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    internal sealed class CallerArgumentExpressionAttribute : Attribute
    {
        public CallerArgumentExpressionAttribute(string parameterName) => ParameterName = parameterName;

        public string ParameterName { get; }
    }
}
#endif

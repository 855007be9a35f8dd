namespace KlingO1.Testing
{
    /// <summary>A subject element a submit carried in <c>metadata.element_list</c>.</summary>
    public sealed class SimulatedElement
    {
        internal SimulatedElement(string url, string? type, string? role)
        {
            Url = url;
            Type = type;
            Role = role;
        }

        /// <summary>Gets the element's URL as received.</summary>
        public string Url { get; }

        /// <summary>Gets the element's <c>type</c> (<c>image</c> or <c>video</c>), when one was sent.</summary>
        public string? Type { get; }

        /// <summary>Gets the element's <c>role</c> (for example <c>subject</c>), when one was sent.</summary>
        public string? Role { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Type ?? "element"} {Role}: {Url}";
    }
}

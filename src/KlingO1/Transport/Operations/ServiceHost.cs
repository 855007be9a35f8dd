namespace KlingO1.Transport.Operations
{
    /// <summary>Which host an operation talks to, which decides what credentials travel with it.</summary>
    internal enum ServiceHost
    {
        /// <summary>The API at the configured base address: the API key goes along, and only there.</summary>
        Api,

        /// <summary>The file host that serves finished videos (an address from an answer): no credential of any kind.</summary>
        FileHost,
    }
}

namespace KlingO1.Testing.Billing
{
    /// <summary>
    /// The simulated account's balance in US dollars: each accepted submit spends its clip's price, and one the balance
    /// cannot pay for is refused. Without a starting balance the quota is unlimited and nothing is refused. Thread-safe.
    /// </summary>
    internal sealed class Account
    {
        // Per second of clip: $0.39 for a standard 5 s clip and $1.04 for a professional 10 s one, the ends of the
        // documented "about $0.39-$1.04 a clip". The service's own price list is not documented.
        private const decimal StandardPerSecond = 0.078m;
        private const decimal ProfessionalPerSecond = 0.104m;

        private readonly object _gate = new();
        private readonly decimal? _starting;
        private decimal _used;

        public Account(decimal? startingBalance, decimal creditsPerUsd)
        {
            _starting = startingBalance;
            CreditsPerUsd = creditsPerUsd;
        }

        public decimal CreditsPerUsd { get; }

        public bool IsUnlimited => _starting is null;

        public static decimal PriceOf(string mode, int seconds) => seconds * (mode == "pro" ? ProfessionalPerSecond : StandardPerSecond);

        /// <summary>Spends <paramref name="price"/>, or returns false and spends nothing when the balance is short of it.</summary>
        public bool TryCharge(decimal price)
        {
            lock (_gate)
            {
                if (_starting is { } starting && starting - _used < price)
                {
                    return false;
                }

                _used += price;
                return true;
            }
        }

        /// <summary>Gets what remains (0 when unlimited) and what was spent.</summary>
        public (decimal Remaining, decimal Used) Figures()
        {
            lock (_gate)
            {
                return (_starting is { } starting ? starting - _used : 0m, _used);
            }
        }
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace KlingO1
{
    /// <summary>
    /// What an API key (<see cref="IKlingVideoClient.GetBalanceAsync"/>) or its account
    /// (<see cref="IKlingVideoClient.GetUserBalanceAsync"/>) has left and has used, as the service reports it. Each amount is
    /// <see langword="null"/> when the service did not send it.
    /// </summary>
    /// <remarks>
    /// Amounts are kept exactly as sent (decimals, never rounded through a double). The balance is in the unit the service
    /// reports it in; credits are the service's own unit, <see cref="CreditsPerUsd"/> to a US dollar.
    /// </remarks>
    public sealed class AccountBalance
    {
        internal AccountBalance(decimal? remainingBalance, decimal? usedBalance, decimal? remainingCredits, decimal? usedCredits, decimal? creditsPerUsd, bool isUnlimited)
        {
            RemainingBalance = remainingBalance;
            UsedBalance = usedBalance;
            RemainingCredits = remainingCredits;
            UsedCredits = usedCredits;
            CreditsPerUsd = creditsPerUsd;
            IsUnlimited = isUnlimited;
        }

        /// <summary>Gets the balance left (<c>remain_balance</c>); not meaningful when <see cref="IsUnlimited"/> (the service may send -1).</summary>
        public decimal? RemainingBalance { get; }

        /// <summary>Gets the balance used so far (<c>used_balance</c>).</summary>
        public decimal? UsedBalance { get; }

        /// <summary>Gets the credits left (<c>remain_credits</c>); not meaningful when <see cref="IsUnlimited"/>.</summary>
        public decimal? RemainingCredits { get; }

        /// <summary>Gets the credits used so far (<c>used_credits</c>).</summary>
        public decimal? UsedCredits { get; }

        /// <summary>Gets how many credits make one US dollar (<c>credits_per_usd</c>).</summary>
        public decimal? CreditsPerUsd { get; }

        /// <summary>Gets a value indicating whether the quota is unlimited (<c>unlimited_quota</c>); <see langword="false"/> when not sent.</summary>
        public bool IsUnlimited { get; }

        /// <inheritdoc />
        public override string ToString()
        {
            if (IsUnlimited)
            {
                return "unlimited quota";
            }

            var facts = new List<string>(2);
            if (RemainingBalance is { } balance)
            {
                facts.Add(balance.ToString(CultureInfo.InvariantCulture) + " left");
            }

            if (RemainingCredits is { } credits)
            {
                facts.Add(credits.ToString(CultureInfo.InvariantCulture) + " credits left");
            }

            return facts.Count == 0 ? "balance not reported" : string.Join(", ", facts);
        }
    }
}

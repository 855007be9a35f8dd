using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// <c>GET /v1/balance</c> (the key's balance) and <c>GET /v1/user/balance</c> (the user's): the simulator has one
    /// key, so both answer the same figures. The pages name the fields but show no body, so the answer is a flat object
    /// of exactly those fields, in dollars and credits.
    /// </summary>
    internal static class BalanceEndpoint
    {
        public static Task HandleAsync(HttpContext context, SimulatorState state)
        {
            var account = state.Account;
            var (remaining, used) = account.Figures();
            return Json.WriteAsync(context, 200, writer =>
            {
                writer.WriteNumber("remain_balance", Plain(remaining));
                writer.WriteNumber("used_balance", Plain(used));
                writer.WriteNumber("remain_credits", Plain(remaining * account.CreditsPerUsd));
                writer.WriteNumber("used_credits", Plain(used * account.CreditsPerUsd));
                writer.WriteNumber("credits_per_usd", Plain(account.CreditsPerUsd));
                writer.WriteBoolean("unlimited_quota", account.IsUnlimited);
            });
        }

        // Drops the trailing zeros decimal arithmetic keeps (9.610 becomes 9.61), as a service would print the figure.
        private static decimal Plain(decimal value) => value / 1.000000000000000000000000000000000m;
    }
}

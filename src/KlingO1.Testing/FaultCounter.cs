using System.Threading;

namespace KlingO1.Testing
{
    /// <summary>The "next N requests" count every fault switch keeps: set it, then take one per matching request.</summary>
    internal static class FaultCounter
    {
        /// <summary>Takes one from <paramref name="counter"/> if any are left; thread-safe.</summary>
        public static bool TakeOne(ref int counter)
        {
            while (true)
            {
                var left = Volatile.Read(ref counter);
                if (left <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref counter, left - 1, left) == left)
                {
                    return true;
                }
            }
        }
    }
}

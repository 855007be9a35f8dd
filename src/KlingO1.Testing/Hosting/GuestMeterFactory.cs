using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace KlingO1.Testing.Hosting
{
    /// <summary>
    /// The simulator host's meters, under names of their own: Kestrel's and hosting's (<c>http.server.request.duration</c>
    /// and the rest) would otherwise be named <c>Microsoft.AspNetCore.*</c>, and an app collecting its own server metrics
    /// by those names would count the simulator's requests as its own. Each is named <see cref="Prefix"/> + its usual name.
    /// </summary>
    internal sealed class GuestMeterFactory : IMeterFactory
    {
        public const string Prefix = "KlingO1.Testing.Simulator.";

        private readonly List<Meter> _meters = new();

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(Prefix + options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
            {
                foreach (var meter in _meters)
                {
                    meter.Dispose();
                }

                _meters.Clear();
            }
        }
    }
}

using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Versioning;

namespace KlingO1.Tests.Legs
{
    /// <summary>
    /// Each CI test leg runs what it says: the runtime it runs on and the build of KlingO1 it loads.
    /// </summary>
    public sealed class TestLegTests
    {
        [Fact]
        public void TheLeg_RunsOnItsRuntime_AndLoadsItsBuildOfTheSdk()
        {
#if KLING_NETSTANDARD_LEG
            const string Sdk = ".NETStandard,Version=v2.0";
#elif NET10_0
            const string Sdk = ".NETCoreApp,Version=v10.0";
#elif NET8_0
            const string Sdk = ".NETCoreApp,Version=v8.0";
#endif
#if NET10_0
            Assert.Equal(10, Environment.Version.Major);
#elif NET8_0
            Assert.Equal(8, Environment.Version.Major);
#endif
            var loaded = typeof(KlingVideoClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>();
            Assert.Equal(Sdk, loaded?.FrameworkName);
        }
    }
}

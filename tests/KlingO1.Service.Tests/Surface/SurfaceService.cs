using KlingO1.Service.Tests.Fixtures;

namespace KlingO1.Service.Tests.Surface
{
    /// <summary>One instance on SQLite, with webhooks on, shared by the checks of the HTTP surface (none changes it).</summary>
    public sealed class SurfaceService : IAsyncLifetime
    {
        internal ServiceScene Scene { get; private set; } = null!;

        internal ServiceSettings Settings { get; private set; } = null!;

        internal ServiceProcess Service { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Scene = await ServiceScene.CreateAsync(new SceneOptions());
            Settings = Scene.SqliteSettings();
            Service = await Scene.StartServiceAsync("surface", Settings);
        }

        public async Task DisposeAsync() => await Scene.DisposeAsync();
    }

    /// <summary>The surface checks share one instance: starting a process per check would only add seconds.</summary>
    [CollectionDefinition(Name)]
    public sealed class SurfaceCollection : ICollectionFixture<SurfaceService>
    {
        public const string Name = "Surface";
    }
}

using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using KlingO1.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A web app as users write them: the default builder (appsettings.json from the working directory, environment
// variables, the command line), Kestrel endpoints from that configuration, a SIGTERM handler of its own, and the
// simulator in-process. It prints "ready ..." once both answer, then runs until it is stopped.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run(context => context.Response.WriteAsync("guest app"));

// The app's own SIGTERM handler: it only notes the signal, so stopping stays the host's job.
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Console.WriteLine("guest: SIGTERM"));

await app.StartAsync();
await using var simulator = await KlingSimulator.StartAsync();

var own = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using (var http = new HttpClient())
{
    (await http.GetAsync(new Uri(own))).EnsureSuccessStatusCode();
    using var balance = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.BaseAddress, "v1/balance"));
    balance.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
    (await http.SendAsync(balance)).EnsureSuccessStatusCode();
}

Console.WriteLine($"ready app={own} simulator={simulator.BaseAddress}");
await app.WaitForShutdownAsync();
Console.WriteLine("guest: stopped");

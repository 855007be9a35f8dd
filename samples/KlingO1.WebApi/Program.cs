using KlingO1.WebApi;

var app = await WebApiApp.BuildAsync(args);
await app.RunAsync();

namespace KlingO1.WebApi.Hosting;

/// <summary>
/// Errors answer as problem details (RFC 9457): an unhandled exception (500, without its message), and an error sent
/// without a body, such as the framework's 400 for a body that is not JSON. A 401 stays bare: the challenge header says
/// all a caller without the key is told.
/// </summary>
internal static class ErrorResponses
{
    public static void UseProblemDetailsForErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
            {
                return;
            }

            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http });
        });
    }
}

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// What every LiveBuddy host gets before its features: logging that keeps secrets out.
/// </summary>
public static class LiveBuddyDefaults
{
    public static WebApplicationBuilder AddLiveBuddyDefaults(this WebApplicationBuilder builder)
    {
        // "Request starting GET /overlay/chat.html?key=…" would put the overlay key in the log whenever someone turns
        // Microsoft.AspNetCore up to Information to debug: request lines are left out unless this category is named.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }
}

namespace LiveBuddy.Core.Events;

/// <summary>
/// What a viewer may do, mapped from Twitch badges and YouTube author details.
/// Permission checks use <see cref="ViewerRolesExtensions.Level"/>: broadcaster &gt; moderator &gt; vip &gt; subscriber/member &gt; everyone.
/// </summary>
[Flags]
public enum ViewerRoles
{
    None = 0,
    Subscriber = 1,   // Twitch subscriber or YouTube channel member
    Vip = 2,
    Moderator = 4,
    Broadcaster = 8,
    Verified = 16,    // YouTube verified, Twitch partner/verified badge
    Staff = 32,
}

/// <summary>Permission levels in the order chat commands compare them.</summary>
public enum PermissionLevel
{
    Everyone = 0,
    Subscriber = 1,
    Vip = 2,
    Moderator = 3,
    Broadcaster = 4,
}

public static class ViewerRolesExtensions
{
    public static PermissionLevel Level(this ViewerRoles roles) =>
        (roles & ViewerRoles.Broadcaster) != 0 ? PermissionLevel.Broadcaster
        : (roles & ViewerRoles.Moderator) != 0 ? PermissionLevel.Moderator
        : (roles & ViewerRoles.Vip) != 0 ? PermissionLevel.Vip
        : (roles & ViewerRoles.Subscriber) != 0 ? PermissionLevel.Subscriber
        : PermissionLevel.Everyone;

    /// <summary>Role names as payloads carry them: broadcaster, moderator, vip, subscriber, verified, staff.</summary>
    public static IReadOnlyList<string> ToNames(this ViewerRoles roles)
    {
        if (roles == ViewerRoles.None) return [];
        var names = new List<string>(2);
        if ((roles & ViewerRoles.Broadcaster) != 0) names.Add("broadcaster");
        if ((roles & ViewerRoles.Moderator) != 0) names.Add("moderator");
        if ((roles & ViewerRoles.Vip) != 0) names.Add("vip");
        if ((roles & ViewerRoles.Subscriber) != 0) names.Add("subscriber");
        if ((roles & ViewerRoles.Verified) != 0) names.Add("verified");
        if ((roles & ViewerRoles.Staff) != 0) names.Add("staff");
        return names;
    }
}

/// <summary>A chat badge as the platform names it (Twitch <c>subscriber/12</c>, YouTube <c>member</c>).</summary>
public sealed record Badge(string Name, string Version)
{
    /// <summary>Extra detail the platform gives with the badge (Twitch <c>badge-info</c>: months subscribed for <c>subscriber</c>/<c>founder</c>).</summary>
    public string? Info { get; init; }
}

/// <summary>A viewer as one platform knows them. <see cref="Id"/> is the platform's stable user id.</summary>
public sealed record Author
{
    public required string Id { get; init; }
    /// <summary>Login name (Twitch) or channel handle/name (YouTube), lower-case where the platform has one.</summary>
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    /// <summary>Name colour as <c>#RRGGBB</c>, when the platform gives one.</summary>
    public string? Color { get; init; }
    public IReadOnlyList<Badge> Badges { get; init; } = [];
    public ViewerRoles Roles { get; init; }

    public static Author Anonymous { get; } = new() { Id = "", Name = "anonymous", DisplayName = "Anonymous" };
}

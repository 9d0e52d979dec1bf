namespace LiveBuddy.Core.Events;

/// <summary>A piece of a chat message: plain text, or an emote shown as an image.</summary>
public sealed record MessageFragment(string Text, Emote? Emote = null)
{
    public bool IsEmote => Emote is not null;
}

/// <summary>
/// An emote the platform identified. <see cref="ImageUrl"/> is built from the platform's emote id,
/// never taken from chat text.
/// </summary>
public sealed record Emote(string Id, string Name, string ImageUrl, string Source = "twitch");

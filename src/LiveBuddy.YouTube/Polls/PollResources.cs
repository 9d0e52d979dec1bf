using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

// Wire shapes of native YouTube polls: the pollEvent a chat page carries (also as the page's activePollItem) and the
// body of liveChatMessages.insert that opens one. Tallies are int64, so strings in Google's JSON.

public sealed record PollDetails
{
    [JsonProperty("metadata")] public PollMetadata? Metadata { get; init; }
    /// <summary><c>active</c> or <c>closed</c>.</summary>
    [JsonProperty("status")] public string? Status { get; init; }
}

public sealed record PollMetadata
{
    [JsonProperty("questionText")] public string? QuestionText { get; init; }
    [JsonProperty("options")] public IReadOnlyList<PollOption>? Options { get; init; }
}

public sealed record PollOption
{
    [JsonProperty("optionText")] public string? OptionText { get; init; }
    [JsonProperty("tally")] public string? Tally { get; init; }
}

/// <summary>Body of <c>liveChatMessages.insert</c> with <c>type=pollEvent</c> (owner only; 2–4 options, question ≤ 100 characters).</summary>
public sealed record LiveChatPollInsert
{
    [JsonProperty("snippet")] public required LiveChatPollInsertSnippet Snippet { get; init; }
}

public sealed record LiveChatPollInsertSnippet
{
    [JsonProperty("liveChatId")] public required string LiveChatId { get; init; }
    [JsonProperty("type")] public string Type { get; init; } = "pollEvent";
    [JsonProperty("pollDetails")] public required PollInsertDetails PollDetails { get; init; }
}

public sealed record PollInsertDetails
{
    [JsonProperty("metadata")] public required PollInsertMetadata Metadata { get; init; }
}

public sealed record PollInsertMetadata
{
    [JsonProperty("questionText")] public required string QuestionText { get; init; }
    [JsonProperty("options")] public required IReadOnlyList<PollInsertOption> Options { get; init; }
}

public sealed record PollInsertOption
{
    [JsonProperty("optionText")] public required string OptionText { get; init; }
}

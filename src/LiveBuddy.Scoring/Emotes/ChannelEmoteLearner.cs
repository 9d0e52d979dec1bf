using LiveBuddy.Core.Emotes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring.Text;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring.Emotes;

/// <summary>Configuration section <c>Scoring:ChannelEmotes</c>: how a channel's own emotes are learned from its chat.</summary>
public sealed record ChannelEmoteOptions
{
    public const string Section = "Scoring:ChannelEmotes";

    /// <summary>Off: channel emotes stay of unknown valence (neutral).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How far back "the chat around" an emote reaches.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lines without the emote needed in the window for a sighting to count.</summary>
    public int MinContextLines { get; init; } = 3;

    /// <summary>Sightings before the scorer uses the learned valence.</summary>
    public int MinSightings { get; init; } = 5;

    /// <summary>Pseudo-sightings of a neutral valence: a few sightings only lean, many decide.</summary>
    public double PriorWeight { get; init; } = 5;

    /// <summary>How often changed tallies are handed to storage (what a crash can lose).</summary>
    public TimeSpan SaveEvery { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Emotes remembered per channel; new ones past this are not learned (memory stays bounded).</summary>
    public int MaxEmotesPerChannel { get; init; } = 2000;
}

/// <summary>
/// Learns the valence of a channel's own emotes live (issue 19): an emote not in the emote table borrows the sentiment of
/// the chat around it — the scored lines of the same channel in the last <see cref="ChannelEmoteOptions.Window"/> that do
/// not contain it (so its own learned valence never feeds itself). Once seen <see cref="ChannelEmoteOptions.MinSightings"/>
/// times, the mean (shrunk toward neutral) goes into the <see cref="ChannelEmoteBook"/> the scorer reads, so later lines
/// with it are scored as with a known emote. Tallies are saved through storage and restored at start.
/// </summary>
public sealed class ChannelEmoteLearner : IStreamFeature
{
    private readonly ChatFeaturizer _featurizer;
    private readonly ChannelEmoteBook _book;
    private readonly ChannelEmoteOptions _options;
    private readonly Dictionary<(Platform, string), Channel> _channels = [];
    private readonly Dictionary<(Platform, string, string), ChannelEmoteTally> _changed = [];
    private readonly List<string> _found = [];
    private DateTimeOffset? _lastSave;

    public ChannelEmoteLearner(ChatFeaturizer featurizer, ChannelEmoteBook book, IOptions<ChannelEmoteOptions> options,
        IEnumerable<ChannelEmoteTally>? stored = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _featurizer = featurizer;
        _book = book;
        _options = options.Value;
        foreach (var tally in stored ?? [])
        {
            var channel = ChannelOf(tally.Platform, tally.Channel);
            channel.Tallies[tally.Emote] = tally;
            Publish(channel, tally);
        }
    }

    public void Handle(PipelineInput input, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_options.Enabled) return;
        var now = context.Now;
        if (input is ChatMessage { Score: { } score, SharedFrom: null } chat) Learn(chat, score, now);
        _lastSave ??= now;
        if (_changed.Count > 0 && now - _lastSave >= _options.SaveEvery)
        {
            context.Emit(new ChannelEmotesLearned([.. _changed.Values]));
            _changed.Clear();
            _lastSave = now;
        }
    }

    private void Learn(ChatMessage chat, MessageScore score, DateTimeOffset now)
    {
        var channel = ChannelOf(chat.Platform, chat.Channel);
        while (channel.Recent.Count > 0 && (now - channel.Recent.Peek().At > _options.Window || channel.Recent.Count >= 500))
            channel.Recent.Dequeue();
        _found.Clear();
        _featurizer.FindUnknownEmotes(chat.Text, chat.Fragments, _found);
        foreach (var emote in _found)
        {
            double sum = 0;
            var lines = 0;
            foreach (var line in channel.Recent)
            {
                if (line.Emotes.Contains(emote)) continue;
                sum += line.Value;
                lines++;
            }
            if (lines < _options.MinContextLines) continue;
            var known = channel.Tallies.TryGetValue(emote, out var tally);
            if (!known && channel.Tallies.Count >= _options.MaxEmotesPerChannel) continue;
            tally = known
                ? tally! with { Sightings = tally!.Sightings + 1, ValenceSum = tally.ValenceSum + sum / lines, UpdatedAt = now }
                : new ChannelEmoteTally(chat.Platform, chat.Channel, emote, 1, sum / lines, now);
            channel.Tallies[emote] = tally;
            _changed[(chat.Platform, chat.Channel, emote)] = tally;
            Publish(channel, tally);
        }
        channel.Recent.Enqueue(new RecentLine(now, score.Value, _found.Count == 0 ? [] : [.. _found]));
    }

    /// <summary>The valence the scorer uses: the mean with <see cref="ChannelEmoteOptions.PriorWeight"/> neutral sightings mixed in.</summary>
    internal static float Valence(ChannelEmoteTally tally, double priorWeight) =>
        (float)Math.Clamp(tally.ValenceSum / (tally.Sightings + priorWeight), -1, 1);

    private void Publish(Channel channel, ChannelEmoteTally tally)
    {
        if (tally.Sightings >= _options.MinSightings) channel.Learned.Set(tally.Emote, Valence(tally, _options.PriorWeight));
    }

    private Channel ChannelOf(Platform platform, string name)
    {
        if (!_channels.TryGetValue((platform, name), out var channel))
            _channels[(platform, name)] = channel = new Channel(_book.Channel(platform, name));
        return channel;
    }

    private sealed record RecentLine(DateTimeOffset At, float Value, string[] Emotes);

    private sealed class Channel(ChannelEmotes learned)
    {
        public ChannelEmotes Learned { get; } = learned;
        public Queue<RecentLine> Recent { get; } = new();
        public Dictionary<string, ChannelEmoteTally> Tallies { get; } = new(StringComparer.Ordinal);
    }
}

using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Polls;

/// <summary>
/// One poll at a time across every platform: opened by a moderator (chat or control page), voted with
/// <c>!vote N</c> or a bare <c>N</c>, one vote per (platform, viewer) with the last vote counting, closed at
/// its deadline or by a moderator, results announced in every channel that took part.
/// </summary>
public sealed class PollEngine : IStreamFeature, IChatCommandHandler
{
    private const int MaxReplyLength = 450;
    // The host's trigger at EndsAt closes the poll; the tick closes it only this much later, if the trigger never came.
    private static readonly TimeSpan SafetyNetDelay = TimeSpan.FromSeconds(3);
    private static readonly Platform[] Platforms = Enum.GetValues<Platform>();

    private readonly HashSet<(Platform Platform, string Channel)> _knownChannels = [];
    private readonly PollsOptions _options;
    private readonly string _commandPrefix;
    private Poll? _poll;
    // Overlays connect on other threads: they read this immutable copy, never the live state.
    private volatile PollPayload? _published;

    /// <param name="options">Poll rules.</param>
    /// <param name="commandPrefix">The command prefix, for announcements.</param>
    /// <param name="restore">A poll that was open when the host stopped, with its stored votes in order, so a restart keeps it running.</param>
    public PollEngine(PollsOptions options, string commandPrefix = "!", PollRestore? restore = null)
    {
        _options = options;
        _commandPrefix = commandPrefix;
        if (restore is { Poll.Status: "open" } && restore.Poll.Options.Count >= 2) Restore(restore);
    }

    public IReadOnlyCollection<string> CommandNames { get; } = ["poll", "vote"];

    /// <summary>The open poll, or the last one closed; null before the first poll. Safe from any thread.</summary>
    public PollPayload? Current => _published;

    /// <summary>The <c>poll</c> snapshot; safe from any thread.</summary>
    public OverlaySnapshot? Snapshot() => new("poll", _published);

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat:
                _knownChannels.Add((chat.Platform, chat.Channel));
                if (_options.BareNumberVotes && TryBareNumber(chat.Text, out var number))
                    Vote(chat, number, context);
                break;
            case OpenPoll open:
                open.Completion.TrySetResult(Open(open.Question, open.Options, open.Duration, null, context));
                break;
            case EndPoll end:
                end.Completion.TrySetResult(_poll is { Status: PollStatus.Open }
                    ? Close(PollStatus.Closed, context)
                    : new ControlError("No poll is open."));
                break;
            case CancelPoll cancel:
                cancel.Completion.TrySetResult(_poll is { Status: PollStatus.Open }
                    ? Close(PollStatus.Cancelled, context)
                    : new ControlError("No poll is open."));
                break;
            case PollDeadlineReached deadline:
                // A late or repeated trigger (or one for an older poll) finds nothing to close: no second announcement.
                deadline.Completion.TrySetResult(_poll is { Status: PollStatus.Open } p && string.Equals(p.Id, deadline.PollId, StringComparison.Ordinal)
                    ? Close(PollStatus.Closed, context)
                    : _published);
                break;
            case NativePollTally tally:
                // Tallies arrive until the native poll closes, a little after ours: they still count toward the result.
                if (_poll is { } native && string.Equals(native.Id, tally.PollId, StringComparison.Ordinal) && tally.Tallies.Count == native.Options.Length
                    && native.Status != PollStatus.Cancelled)
                {
                    var changed = false;
                    for (var i = 0; i < native.Options.Length; i++)
                    {
                        var n = (int)Math.Clamp(tally.Tallies[i], 0, int.MaxValue);
                        changed |= native.Native[i, (int)tally.Platform] != n;
                        native.Native[i, (int)tally.Platform] = n;
                    }
                    if (changed) Publish(native.ToPayload(), context);
                }
                tally.Completion.TrySetResult(_published);
                break;
            case Tick:
                // Safety net for a missed trigger; closing sets the status, so the trigger arriving later is a no-op.
                if (_poll is { Status: PollStatus.Open } due && context.Now >= due.EndsAt + SafetyNetDelay)
                    Close(PollStatus.Closed, context);
                break;
        }
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        _knownChannels.Add((command.Message.Platform, command.Message.Channel));
        if (command.Name == "vote")
        {
            if (TryBareNumber(command.Args.TrimStart('#'), out var number))
                Vote(command.Message, number, context);
            return;
        }

        // Viewers typing !poll get silence rather than a refusal: less noise in a busy chat.
        if (command.Level < _options.ManageLevel) return;
        var args = command.Args;
        if (args.Length == 0)
        {
            command.Reply(context, $"Usage: {command.Prefix}poll <question> | <option 1> | <option 2> [| duration], {command.Prefix}poll end, {command.Prefix}poll cancel");
            return;
        }
        if (args.Equals("end", StringComparison.OrdinalIgnoreCase) || args.Equals("cancel", StringComparison.OrdinalIgnoreCase))
        {
            if (_poll is not { Status: PollStatus.Open })
            {
                command.Reply(context, "No poll is open.");
                return;
            }
            Close(args.Equals("end", StringComparison.OrdinalIgnoreCase) ? PollStatus.Closed : PollStatus.Cancelled, context);
            return;
        }

        if (!PollCommandLine.TryParse(args, out var question, out var choices, out var duration))
        {
            command.Reply(context, $"A poll needs a question and at least two options: {command.Prefix}poll Best snack? | chips | popcorn | 2m");
            return;
        }
        if (Open(question, choices, duration, command.Message, context) is ControlError error)
            command.Reply(context, error.Message);
    }

    private object Open(string question, IReadOnlyList<string> choices, TimeSpan? duration, ChatMessage? from, FeatureContext context)
    {
        question = question.Trim();
        var cleaned = choices.Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
        if (_poll is { Status: PollStatus.Open }) return new ControlError("A poll is already open; end or cancel it first.");
        if (question.Length == 0) return new ControlError("The poll needs a question.");
        if (cleaned.Length < 2) return new ControlError("A poll needs at least two options.");
        if (cleaned.Length > _options.MaxOptions) return new ControlError($"A poll can have at most {_options.MaxOptions} options.");
        var length = duration ?? _options.DefaultDuration;
        if (length < _options.MinDuration || length > _options.MaxDuration)
            return new ControlError($"Duration must be between {DurationText.Describe(_options.MinDuration)} and {DurationText.Describe(_options.MaxDuration)}.");

        var now = context.Now;
        var id = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        if (_poll is not null && string.Equals(_poll.Id, id, StringComparison.Ordinal)) id += "-2";
        _poll = new Poll(id, question, cleaned, now + length);
        foreach (var channel in _knownChannels) _poll.Channels.Add(channel);
        if (from is not null) _poll.Channels.Add((from.Platform, from.Channel));

        var payload = _poll.ToPayload();
        context.Emit(new PollOpened(payload, _poll.EndsAt));
        Publish(payload, context);
        var numbered = string.Join("  ", cleaned.Select((c, i) => $"{i + 1}) {c}"));
        Announce(_poll, $"POLL: {question} — vote with {_commandPrefix}vote 1-{cleaned.Length} or just the number ({DurationText.Describe(length)}): {numbered}", context);

        if (_options.MirrorToTwitch && FitsTwitch(question, cleaned, length))
        {
            foreach (var (platform, channel) in _poll.Channels)
                if (platform == Platform.Twitch)
                    context.Emit(new NativePollRequested(id, channel, question, cleaned, length));
        }
        return payload;
    }

    private void Vote(ChatMessage chat, int number, FeatureContext context)
    {
        if (_poll is not { Status: PollStatus.Open } poll) return;
        if (context.Now >= poll.EndsAt) return; // past the deadline, waiting for the trigger: too late
        if (number < 1 || number > poll.Options.Length) return;
        var option = number - 1;
        var voter = (chat.Platform, chat.Author.Id);
        int? previous = null;
        if (poll.Votes.TryGetValue(voter, out var old))
        {
            if (old == option) return;
            previous = old + 1;
            poll.Counts[old, (int)chat.Platform]--;
        }
        poll.Votes[voter] = option;
        poll.Counts[option, (int)chat.Platform]++;
        poll.Channels.Add((chat.Platform, chat.Channel));
        context.Emit(new VoteRecorded(poll.Id, chat.Platform, chat.Channel, chat.Author.Id, chat.Author.Name, number, previous, context.Now));
        Publish(poll.ToPayload(), context);
    }

    private PollPayload Close(PollStatus status, FeatureContext context)
    {
        var poll = _poll!;
        poll.Status = status;
        poll.ClosedAt = context.Now;
        var payload = poll.ToPayload();
        Publish(payload, context);
        Announce(poll, status == PollStatus.Cancelled ? $"Poll cancelled: {poll.Question}" : Results(poll), context);
        return payload;
    }

    private void Restore(PollRestore restore)
    {
        var saved = restore.Poll;
        var poll = new Poll(saved.Id, saved.Question, saved.Options.Select(o => o.Text).ToArray(), DateTimeOffset.FromUnixTimeMilliseconds(saved.EndsAt));
        foreach (var vote in restore.Votes.Where(v => string.Equals(v.PollId, saved.Id, StringComparison.Ordinal)))
        {
            if (vote.Option < 1 || vote.Option > poll.Options.Length) continue;
            var voter = (vote.Platform, vote.AuthorId);
            if (poll.Votes.TryGetValue(voter, out var old)) poll.Counts[old, (int)vote.Platform]--;
            poll.Votes[voter] = vote.Option - 1;
            poll.Counts[vote.Option - 1, (int)vote.Platform]++;
            if (vote.Channel.Length == 0) continue; // stored before votes kept their channel: counts, but names no channel
            poll.Channels.Add((vote.Platform, vote.Channel));
            _knownChannels.Add((vote.Platform, vote.Channel));
        }
        _poll = poll;
        _published = poll.ToPayload();
    }

    private void Publish(PollPayload payload, FeatureContext context)
    {
        _published = payload;
        context.Emit(new PollChanged(payload));
    }

    private static string Results(Poll poll)
    {
        var totals = Enumerable.Range(0, poll.Options.Length).Select(poll.Total).ToArray();
        var total = totals.Sum();
        if (total == 0) return $"Poll closed: {poll.Question} — no votes.";
        var parts = poll.Options.Select((text, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{text}: {totals[i]} ({Math.Round(100.0 * totals[i] / total)}%)"));
        var best = totals.Max();
        var winners = poll.Options.Where((_, i) => totals[i] == best).ToArray();
        var verdict = winners.Length == 1 ? $"Winner: {winners[0]}" : $"Tie: {string.Join(" / ", winners)}";
        return $"Poll closed: {poll.Question} — {string.Join(", ", parts)}. {verdict} ({total} votes)";
    }

    private static void Announce(Poll poll, string text, FeatureContext context)
    {
        if (text.Length > MaxReplyLength) text = string.Concat(text.AsSpan(0, MaxReplyLength - 1), "…");
        foreach (var (platform, channel) in poll.Channels.OrderBy(c => c.Platform).ThenBy(c => c.Channel, StringComparer.Ordinal))
            context.Emit(new ChatReply(platform, channel, text));
    }

    // Twitch native polls allow 2–5 choices of 25 characters, a 60-character title and 15 s – 30 min.
    private static bool FitsTwitch(string question, string[] choices, TimeSpan duration) =>
        question.Length <= 60 && choices.Length is >= 2 and <= 5 && choices.All(c => c.Length <= 25)
        && duration >= TimeSpan.FromSeconds(15) && duration <= TimeSpan.FromMinutes(30);

    internal static bool TryBareNumber(string text, out int number)
    {
        var span = text.AsSpan().Trim();
        number = 0;
        return span.Length is >= 1 and <= 2 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private enum PollStatus { Open, Closed, Cancelled }

    private sealed class Poll(string id, string question, string[] options, DateTimeOffset endsAt)
    {
        public string Id { get; } = id;
        public string Question { get; } = question;
        public string[] Options { get; } = options;
        public DateTimeOffset EndsAt { get; } = endsAt;
        public DateTimeOffset? ClosedAt { get; set; }
        public PollStatus Status { get; set; }
        public Dictionary<(Platform, string), int> Votes { get; } = [];
        public int[,] Counts { get; } = new int[options.Length, Platforms.Length];
        /// <summary>A native poll's tallies per option and platform (see <see cref="NativePollTally"/>).</summary>
        public int[,] Native { get; } = new int[options.Length, Platforms.Length];
        public HashSet<(Platform Platform, string Channel)> Channels { get; } = [];

        /// <summary>One platform's votes for an option: chat votes, or the native tally when it is larger (never both).</summary>
        public int Count(int option, int platform) => Math.Max(Counts[option, platform], Native[option, platform]);

        public int Total(int option)
        {
            var sum = 0;
            for (var p = 0; p < Platforms.Length; p++) sum += Count(option, p);
            return sum;
        }

        public PollPayload ToPayload()
        {
            var optionPayloads = new PollOptionPayload[Options.Length];
            var byPlatform = new int[Platforms.Length];
            for (var i = 0; i < Options.Length; i++)
            {
                for (var p = 0; p < Platforms.Length; p++) byPlatform[p] += Count(i, p);
                optionPayloads[i] = new PollOptionPayload(Options[i], Total(i), PerPlatform(p => Count(i, p)));
            }
            var status = Status switch { PollStatus.Open => "open", PollStatus.Closed => "closed", _ => "cancelled" };
            return new PollPayload(Id, Question, optionPayloads, status, (ClosedAt ?? EndsAt).ToUnixTimeMilliseconds(),
                byPlatform.Sum(), PerPlatform(p => byPlatform[p]));
        }

        private static Dictionary<string, int> PerPlatform(Func<int, int> count)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var platform in Platforms)
            {
                var n = count((int)platform);
                if (platform is Platform.Twitch or Platform.YouTube || n > 0) result[platform.ToWire()] = n;
            }
            return result;
        }
    }
}

using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Qa;

/// <summary>
/// The question queue for both platforms: <c>!ask</c> (and, when enabled, lines the question model flags),
/// near-duplicates merged with their askers counted as upvotes, <c>!up &lt;id&gt;</c> once per viewer, and
/// moderation from chat (<c>!qa …</c>) or the control page. One question at a time is "now answering".
/// </summary>
public sealed class QaQueue : IStreamFeature, IChatCommandHandler
{
    private const int MaxKept = 1_000;

    private readonly QaOptions _options;
    private readonly string _commandPrefix;
    private readonly SortedDictionary<int, Entry> _questions = [];
    private int _nextId;
    private int? _current;
    // Overlays connect on other threads: they read this immutable copy, never the live state.
    private volatile QaPayload _published;

    /// <param name="options">Q&amp;A rules.</param>
    /// <param name="initial">Unanswered questions from storage; numbering continues after the highest id.</param>
    /// <param name="commandPrefix">The command prefix, so auto-capture skips command lines.</param>
    public QaQueue(QaOptions options, IEnumerable<QaQuestion>? initial = null, string commandPrefix = "!")
    {
        _options = options;
        _commandPrefix = commandPrefix;
        foreach (var question in initial ?? [])
        {
            _questions[question.Id] = new Entry(question);
            if (question.Status == QaStatus.Answering) _current = question.Id;
        }
        _nextId = _questions.Count == 0 ? 1 : _questions.Keys.Max() + 1;
        _published = ToPayload();
    }

    public IReadOnlyCollection<string> CommandNames { get; } = ["ask", "up", "qa"];

    /// <summary>The <c>qa</c> snapshot; safe from any thread.</summary>
    public OverlaySnapshot? Snapshot() => new("qa", _published);

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat when chat.TakesPart && _options.CaptureQuestions && chat.Score is { Question: true, Toxic: false }
                                       && !chat.Text.TrimStart().StartsWith(_commandPrefix, StringComparison.Ordinal)
                                       && WordFilter.Normalize(chat.Text).Split(' ').Length >= _options.CaptureMinWords:
                Ask(chat, chat.Text, acknowledge: false, context);
                break;
            case ApproveQuestion approve:
                approve.Completion.TrySetResult(Move(approve.Id, QaStatus.Approved, context));
                break;
            case DismissQuestion dismiss:
                dismiss.Completion.TrySetResult(Move(dismiss.Id, QaStatus.Dismissed, context));
                break;
            case AnswerQuestion answer:
                answer.Completion.TrySetResult(Move(answer.Id, QaStatus.Answering, context));
                break;
            case MarkAnswered answered:
                answered.Completion.TrySetResult(answered.Id is { } id ? Move(id, QaStatus.Answered, context)
                    : _current is { } current ? Move(current, QaStatus.Answered, context)
                    : new ControlError("No question is being answered."));
                break;
            case NextQuestion next:
                next.Completion.TrySetResult(Next(context));
                break;
        }
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        switch (command.Name)
        {
            case "ask":
                Ask(command.Message, command.Args, _options.Acknowledge, context);
                return;
            case "up":
                Upvote(command, context);
                return;
        }

        if (command.Level < _options.ModerateLevel) return;
        var args = command.ArgList;
        var verb = args.Count > 0 ? args[0].ToLowerInvariant() : "";
        var id = args.Count > 1 && TryId(args[1], out var parsed) ? parsed : (int?)null;
        object result;
        switch (verb)
        {
            case "next":
                result = Next(context);
                if (result is QaPayload { Current: { } now })
                    command.Reply(context, $"Now answering #{now.Id} from {now.Author}: {now.Text}");
                break;
            case "answered":
                result = id is { } answered ? Move(answered, QaStatus.Answered, context)
                    : _current is { } current ? Move(current, QaStatus.Answered, context)
                    : new ControlError("No question is being answered.");
                break;
            case "approve" when id is not null:
                result = Move(id.Value, QaStatus.Approved, context);
                break;
            case "dismiss" when id is not null:
                result = Move(id.Value, QaStatus.Dismissed, context);
                break;
            default:
                result = new ControlError($"Usage: {command.Prefix}qa next, {command.Prefix}qa approve <id>, {command.Prefix}qa dismiss <id>, {command.Prefix}qa answered");
                break;
        }
        if (result is ControlError error) command.Reply(context, error.Message);
    }

    private void Ask(ChatMessage chat, string text, bool acknowledge, FeatureContext context)
    {
        text = text.Trim();
        if (text.Length < _options.MinLength)
        {
            if (acknowledge) context.Emit(new ChatReply(chat.Platform, chat.Channel, $"Usage: {_commandPrefix}ask <your question>", chat.Id));
            return;
        }
        if (text.Length > _options.MaxLength) text = string.Concat(text.AsSpan(0, _options.MaxLength - 1), "…");

        var tokens = Tokens(text);
        var voter = VoterKey(chat.Platform, chat.Author.Id);
        var duplicate = _questions.Values
            .Where(e => e.Status is QaStatus.Pending or QaStatus.Approved or QaStatus.Answering)
            .Select(e => (Entry: e, Similarity: Similarity(tokens, e.Tokens)))
            .Where(x => x.Similarity >= _options.DuplicateSimilarity)
            .OrderByDescending(x => x.Similarity)
            .Select(x => x.Entry)
            .FirstOrDefault();
        if (duplicate is not null)
        {
            // The same question again: its asker becomes an upvote (once), the queue keeps one entry.
            var isAsker = string.Equals(duplicate.AskerKey, voter, StringComparison.Ordinal);
            if (!isAsker && duplicate.Voters.Add(voter)) Changed(duplicate, context);
            if (acknowledge)
                context.Emit(new ChatReply(chat.Platform, chat.Channel,
                    $"@{chat.Author.DisplayName} that is already question #{duplicate.Question.Id}; counted as an upvote.", chat.Id));
            return;
        }

        var open = _questions.Values.Count(e => e.Status is QaStatus.Pending or QaStatus.Approved
                                                && string.Equals(e.AskerKey, voter, StringComparison.Ordinal));
        if (open >= _options.MaxOpenPerViewer)
        {
            if (acknowledge)
                context.Emit(new ChatReply(chat.Platform, chat.Channel,
                    $"@{chat.Author.DisplayName} you already have {open} questions waiting; let those come up first.", chat.Id));
            return;
        }

        var entry = new Entry(new QaQuestion
        {
            Id = _nextId++,
            Uid = string.Create(CultureInfo.InvariantCulture, $"{context.Now.ToUnixTimeMilliseconds()}-{chat.Platform.ToWire()}-{chat.Id}"),
            Platform = chat.Platform,
            Channel = chat.Channel,
            AuthorId = chat.Author.Id,
            AuthorName = chat.Author.DisplayName,
            Text = text,
            AskedAt = context.Now,
        });
        _questions[entry.Question.Id] = entry;
        Trim();
        Changed(entry, context);
        if (acknowledge)
            context.Emit(new ChatReply(chat.Platform, chat.Channel,
                $"@{chat.Author.DisplayName} question #{entry.Question.Id} is in the queue (others can {_commandPrefix}up {entry.Question.Id}).", chat.Id));
    }

    private void Upvote(ChatCommand command, FeatureContext context)
    {
        var chat = command.Message;
        if (command.ArgList.Count == 0 || !TryId(command.ArgList[0], out var id)) return;
        if (!_questions.TryGetValue(id, out var entry) || entry.Status is QaStatus.Answered or QaStatus.Dismissed)
        {
            command.Reply(context, $"There is no open question #{id}.");
            return;
        }
        var voter = VoterKey(chat.Platform, chat.Author.Id);
        if (string.Equals(entry.AskerKey, voter, StringComparison.Ordinal)) return; // own question
        if (entry.Voters.Add(voter)) Changed(entry, context);
    }

    private object Next(FeatureContext context)
    {
        if (_current is { } current && _questions.TryGetValue(current, out var answering))
            Set(answering, QaStatus.Answered, context);
        _current = null;
        var waiting = _questions.Values.Where(e => e.Status == QaStatus.Approved).ToList();
        if (waiting.Count == 0 && !_options.RequireApproval)
            waiting = _questions.Values.Where(e => e.Status == QaStatus.Pending).ToList();
        var best = waiting.OrderByDescending(e => e.Voters.Count).ThenBy(e => e.Question.AskedAt).ThenBy(e => e.Question.Id).FirstOrDefault();
        if (best is not null)
        {
            Set(best, QaStatus.Answering, context);
            _current = best.Question.Id;
        }
        var payload = Publish(context);
        return best is null ? new ControlError("No question is waiting.") : payload;
    }

    private object Move(int id, QaStatus status, FeatureContext context)
    {
        if (!_questions.TryGetValue(id, out var entry)) return new ControlError($"There is no question #{id}.");
        if (status == QaStatus.Answering)
        {
            if (_current is { } current && current != id && _questions.TryGetValue(current, out var previous))
                Set(previous, QaStatus.Answered, context);
            _current = id;
        }
        else if (_current == id)
        {
            _current = null;
        }
        Set(entry, status, context);
        return Publish(context);
    }

    private void Set(Entry entry, QaStatus status, FeatureContext context)
    {
        if (entry.Status == status) return;
        entry.Status = status;
        entry.ClosedAt = status is QaStatus.Answered or QaStatus.Dismissed ? context.Now : null;
        context.Emit(new QuestionChanged(entry.ToRecord()));
    }

    private void Changed(Entry entry, FeatureContext context)
    {
        context.Emit(new QuestionChanged(entry.ToRecord()));
        Publish(context);
    }

    private QaPayload Publish(FeatureContext context)
    {
        var payload = _published = ToPayload();
        context.Emit(new QaChanged(payload));
        return payload;
    }

    private QaPayload ToPayload()
    {
        var open = _questions.Values
            .Where(e => e.Status is QaStatus.Pending or QaStatus.Approved or QaStatus.Answering)
            .OrderBy(e => e.Status switch { QaStatus.Answering => 0, QaStatus.Approved => 1, _ => 2 })
            .ThenByDescending(e => e.Voters.Count)
            .ThenBy(e => e.Question.Id)
            .Take(_options.MaxShown);
        var closed = _questions.Values
            .Where(e => e.Status is QaStatus.Answered or QaStatus.Dismissed)
            .OrderByDescending(e => e.ClosedAt)
            .ThenByDescending(e => e.Question.Id)
            .Take(_options.RecentClosedShown);
        var current = _current is { } id && _questions.TryGetValue(id, out var entry) ? entry.ToPayload() : null;
        return new QaPayload(open.Concat(closed).Select(e => e.ToPayload()).ToArray(), current);
    }

    private void Trim()
    {
        // Bounded memory over a long stream: the oldest finished questions go first.
        if (_questions.Count <= MaxKept) return;
        foreach (var id in _questions.Values.Where(e => e.Status is QaStatus.Answered or QaStatus.Dismissed)
                     .OrderBy(e => e.Question.Id).Take(_questions.Count - MaxKept).Select(e => e.Question.Id).ToArray())
            _questions.Remove(id);
    }

    internal static HashSet<string> Tokens(string text) =>
        new(WordFilter.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    internal static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text.AsSpan().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static string VoterKey(Platform platform, string userId) => $"{platform.ToWire()}:{userId}";

    private sealed class Entry(QaQuestion question)
    {
        public QaQuestion Question { get; } = question;
        public HashSet<string> Tokens { get; } = QaQueue.Tokens(question.Text);
        public HashSet<string> Voters { get; } = new(question.Voters, StringComparer.Ordinal);
        public string AskerKey { get; } = VoterKey(question.Platform, question.AuthorId);
        public QaStatus Status { get; set; } = question.Status;
        public DateTimeOffset? ClosedAt { get; set; } = question.ClosedAt;

        public QaQuestion ToRecord() => Question with { Status = Status, ClosedAt = ClosedAt, Voters = Voters.ToArray() };

        public QaQuestionPayload ToPayload() =>
            new(Question.Id, Question.AuthorName, Question.Platform, Question.Text, Voters.Count, Status.ToString().ToLowerInvariant());
    }
}

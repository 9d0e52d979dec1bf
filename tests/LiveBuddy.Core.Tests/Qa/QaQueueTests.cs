using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Qa;

namespace LiveBuddy.Core.Tests.Qa;

public sealed class QaQueueTests
{
    private static readonly MessageScore Question = new(Sentiment.Neutral, 0, Question: true, Toxic: false, Toxicity: 0);

    private readonly QaQueue _qa;
    private readonly Harness _h;
    private readonly Author _mod = Harness.Mod("Mia");

    public QaQueueTests() : this(new QaOptions()) { }

    private QaQueueTests(QaOptions options, IEnumerable<QaQuestion>? initial = null)
    {
        _qa = new QaQueue(options, initial);
        _h = new Harness(_qa, new CommandRouter(new CommandsOptions(), [_qa], []));
    }

    private QaPayload Queue => _h.Sink.Of<QaChanged>().Last().Queue;

    private QaQuestionPayload Item(int id) => Queue.Questions.Single(q => q.Id == id);

    [Fact]
    public void Asked_question_gets_a_short_id_and_an_acknowledgement()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask What game is next?");
        _h.YouTube(Harness.Viewer("Bob"), "!ask How long have you been streaming?");

        Assert.Equal([1, 2], Queue.Questions.Select(q => q.Id).Order());
        var second = Item(2);
        Assert.Equal(("Bob", Platform.YouTube, "pending", 0), (second.Author, second.Platform, second.Status, second.Upvotes));
        Assert.Contains(_h.Sink.Replies, r => r.Platform == Platform.YouTube && r.Text.Contains("question #2", StringComparison.Ordinal));
    }

    [Fact]
    public void Upvotes_count_once_per_viewer_and_never_for_the_asker()
    {
        var ann = Harness.Viewer("Ann", id: "7");
        _h.Twitch(ann, "!ask What game is next?");

        _h.Twitch(Harness.Viewer("Bob"), "!up 1");
        _h.Twitch(Harness.Viewer("Bob"), "!up #1");
        _h.Twitch(ann, "!up 1");
        _h.YouTube(Harness.Viewer("Ann", id: "7"), "!up 1"); // a YouTube viewer with the same id is someone else
        _h.Twitch(Harness.Viewer("Cy"), "!up 99");
        _h.Twitch(Harness.Viewer("Di"), "!up banana");

        Assert.Equal(2, Item(1).Upvotes);
        Assert.Contains(_h.Sink.Replies, r => r.Text == "There is no open question #99.");
    }

    [Fact]
    public void Shared_chat_partner_viewers_neither_ask_nor_upvote()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask What game is next?");
        _h.Partner(Harness.Viewer("Pat"), "!ask Who are you?");
        _h.Partner(Harness.Viewer("Pia"), "!up 1");
        _h.Partner(Harness.Viewer("Pem"), "is this the real question queue?", score: Question);

        Assert.Single(Queue.Questions);
        Assert.Equal(0, Item(1).Upvotes);
    }

    [Fact]
    public void Near_duplicate_questions_merge_and_their_askers_count_as_upvotes()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask what game are you playing next");
        _h.YouTube(Harness.Viewer("Bob"), "!ask What game are you playing next?!");
        _h.Twitch(Harness.Viewer("Cy"), "!ask what game are you playing next stream");
        _h.Twitch(Harness.Viewer("Di"), "!ask do you have a cat");

        Assert.Equal(2, Queue.Questions.Count);
        Assert.Equal(2, Item(1).Upvotes);
        Assert.Equal(0, Item(2).Upvotes);
    }

    [Fact]
    public void Moderator_takes_the_most_upvoted_question_next_and_marks_it_answered()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask first question here");
        _h.Twitch(Harness.Viewer("Bob"), "!ask second question is popular");
        _h.YouTube(Harness.Viewer("Cy"), "!up 2");

        _h.Twitch(_mod, "!qa next");
        Assert.Equal(2, Queue.Current!.Id);
        Assert.Equal("answering", Item(2).Status);

        _h.YouTube(Harness.Mod("YtMod"), "!qa next");
        Assert.Equal("answered", Item(2).Status);
        Assert.Equal(1, Queue.Current!.Id);

        _h.Twitch(_mod, "!qa answered");
        Assert.Null(Queue.Current);
        Assert.Equal("answered", Item(1).Status);
    }

    [Fact]
    public void Approved_questions_go_before_pending_ones_and_dismissed_ones_never_come_up()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask popular pending question");
        _h.Twitch(Harness.Viewer("Bob"), "!ask quiet approved question");
        _h.Twitch(Harness.Viewer("Cy"), "!ask rude question please ignore");
        _h.Twitch(Harness.Viewer("Di"), "!up 1");
        _h.Twitch(_mod, "!qa approve 2");
        _h.Twitch(_mod, "!qa dismiss 3");

        _h.Twitch(_mod, "!qa next");
        Assert.Equal(2, Queue.Current!.Id);
        _h.Twitch(_mod, "!qa next");
        Assert.Equal(1, Queue.Current!.Id);
        _h.Twitch(_mod, "!qa next");
        Assert.Null(Queue.Current);
        Assert.Equal("dismissed", Item(3).Status);
    }

    [Fact]
    public void Viewers_cannot_moderate_the_queue()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask a question for later");
        _h.Twitch(Harness.Viewer("Bob", ViewerRoles.Vip), "!qa dismiss 1");
        _h.Twitch(Harness.Viewer("Bob"), "!qa next");

        Assert.Equal("pending", Item(1).Status);
        Assert.Null(Queue.Current);
    }

    [Fact]
    public void Control_requests_move_questions_and_report_unknown_ids()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask a question for later");
        _h.Twitch(Harness.Viewer("Bob"), "!ask another question for later");

        Assert.IsType<QaPayload>(_h.Send(new ApproveQuestion(1)));
        var answering = Assert.IsType<QaPayload>(_h.Send(new AnswerQuestion(2)));
        Assert.Equal(2, answering.Current!.Id);
        var switched = Assert.IsType<QaPayload>(_h.Send(new AnswerQuestion(1)));
        Assert.Equal(1, switched.Current!.Id);
        Assert.Equal("answered", switched.Questions.Single(q => q.Id == 2).Status);
        var done = Assert.IsType<QaPayload>(_h.Send(new MarkAnswered()));
        Assert.Null(done.Current);
        Assert.IsType<ControlError>(_h.Send(new DismissQuestion(42)));
        Assert.IsType<ControlError>(_h.Send(new NextQuestion()));
    }

    [Fact]
    public void Every_change_is_emitted_as_a_full_record_for_storage()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask a question for storage");
        _h.Twitch(Harness.Viewer("Bob"), "!up 1");
        _h.Twitch(_mod, "!qa dismiss 1");

        var records = _h.Sink.Of<QuestionChanged>().Select(c => c.Question).ToArray();
        Assert.Equal(3, records.Length);
        Assert.Single(records.Select(r => r.Uid).Distinct());
        Assert.Equal((QaStatus.Dismissed, 1), (records[2].Status, records[2].Upvotes));
    }

    [Fact]
    public void Questions_the_model_flags_are_captured_only_when_enabled()
    {
        var off = new QaQueueTests();
        off._h.Twitch(Harness.Viewer("Ann"), "what game is this called?", Question);
        Assert.Empty(off._h.Sink.Of<QuestionChanged>());

        var on = new QaQueueTests(new QaOptions { CaptureQuestions = true });
        on._h.Twitch(Harness.Viewer("Ann"), "what game is this called?", Question);
        on._h.Twitch(Harness.Viewer("Bob"), "why?", Question);
        on._h.Twitch(Harness.Viewer("Cy"), "!ask is this the final boss?", Question);
        Assert.Equal(["what game is this called?", "is this the final boss?"], on.Queue.Questions.Select(q => q.Text));
        Assert.Single(on._h.Sink.Replies); // only !ask is acknowledged
    }

    [Fact]
    public void Unanswered_questions_from_storage_are_kept_and_numbering_continues()
    {
        var stored = new QaQuestion
        {
            Id = 4, Uid = "old-4", Platform = Platform.Twitch, Channel = "streamer", AuthorId = "9", AuthorName = "Old",
            Text = "still waiting for this one", AskedAt = DateTimeOffset.UnixEpoch, Voters = ["twitch:1"],
        };
        var t = new QaQueueTests(new QaOptions(), [stored]);

        t._h.Twitch(Harness.Viewer("Ann"), "!ask a brand new question");
        t._h.Twitch(Harness.Viewer("Bob"), "!up 4");

        Assert.Equal(2, t.Item(4).Upvotes);
        Assert.Equal("a brand new question", t.Item(5).Text);
        Assert.Equal(2, ((QaPayload)t._qa.Snapshot()!.Payload!).Questions.Count);
    }

    [Fact]
    public void One_viewer_cannot_flood_the_queue()
    {
        var ann = Harness.Viewer("Ann");
        _h.Twitch(ann, "!ask first distinct thing");
        _h.Twitch(ann, "!ask second unrelated topic");
        _h.Twitch(ann, "!ask third separate matter");
        _h.Twitch(ann, "!ask fourth never accepted");
        _h.Twitch(_mod, "!qa dismiss 1");
        _h.Twitch(ann, "!ask fifth accepted again");

        Assert.Equal([2, 3, 4], Queue.Questions.Where(q => q.Status == "pending").Select(q => q.Id).Order());
        Assert.Equal("fifth accepted again", Item(4).Text);
        Assert.Contains(_h.Sink.Replies, r => r.Text == "@Ann you already have 3 questions waiting; let those come up first.");
    }

    [Fact]
    public void Ask_without_a_question_gets_usage()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!ask");

        Assert.Empty(_h.Sink.Of<QuestionChanged>());
        Assert.Equal("Usage: !ask <your question>", Assert.Single(_h.Sink.Replies).Text);
    }
}

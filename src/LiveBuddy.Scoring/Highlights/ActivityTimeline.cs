using System.Runtime.CompilerServices;
using LiveBuddy.Core.Events;
using LiveBuddy.Scoring.Emotes;

namespace LiveBuddy.Scoring.Highlights;

/// <summary>
/// Collects a session's chat and alerts into fixed time buckets for highlight detection. Events may
/// arrive slightly out of order (two platforms); each lands in its own bucket by send time.
/// </summary>
public sealed class ActivityTimeline(DateTimeOffset start, TimeSpan bucket)
{
    private readonly List<ActivityBucket> _buckets = [];

    public DateTimeOffset Start { get; } = start;
    public TimeSpan BucketSize { get; } = bucket > TimeSpan.Zero ? bucket : throw new ArgumentOutOfRangeException(nameof(bucket));

    public IReadOnlyList<ActivityBucket> Buckets => _buckets;

    public void AddChat(DateTimeOffset at, ReactionKind kind)
    {
        ref var b = ref BucketAt(at);
        if (Unsafe.IsNullRef(ref b)) return;
        b.Messages++;
        switch (kind)
        {
            case ReactionKind.Laugh: b.Laugh++; break;
            case ReactionKind.Hype: b.Hype++; break;
            case ReactionKind.Sad: b.Sad++; break;
        }
    }

    public void AddChat(ChatMessage message, EmoteTable emotes)
    {
        ArgumentNullException.ThrowIfNull(message);
        AddChat(message.SentAt, MomentClassifier.Classify(message.Text, emotes));
    }

    /// <summary>Money in the streamer's currency (bits: 1 cent each), gifts counted separately.</summary>
    public void AddSupport(DateTimeOffset at, decimal money, int gifts)
    {
        ref var b = ref BucketAt(at);
        if (Unsafe.IsNullRef(ref b)) return;
        b.Money += money;
        b.Gifts += gifts;
    }

    public void AddRaid(DateTimeOffset at, int viewers)
    {
        ref var b = ref BucketAt(at);
        if (Unsafe.IsNullRef(ref b)) return;
        b.RaidViewers += viewers;
    }

    private ref ActivityBucket BucketAt(DateTimeOffset at)
    {
        var index = (int)((at - Start).Ticks / BucketSize.Ticks);
        if (index < 0 || index > 1_000_000) return ref Unsafe.NullRef<ActivityBucket>(); // before the session or absurdly late
        while (_buckets.Count <= index)
            _buckets.Add(new ActivityBucket { Start = Start + BucketSize * _buckets.Count });
        return ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buckets)[index];
    }
}

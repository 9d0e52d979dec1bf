using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// A request from the control page, the API, a scheduled job or a timer, handled in order with chat
/// by the one pipeline reader. The handling feature completes it with a result (or an error message).
/// </summary>
public abstract record ControlRequest : PipelineInput
{
    public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Sent every second by the host so time-based features (deadlines, silence, mood) move without chat.</summary>
public sealed record Tick : ControlRequest;

/// <summary>A request was refused; the message is for the moderator who made it.</summary>
public sealed record ControlError(string Message);

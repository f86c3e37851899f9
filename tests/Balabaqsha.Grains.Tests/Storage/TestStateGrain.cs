using System.Collections.Immutable;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>A grain whose only job is to persist <see cref="TestState"/> and own reminders.</summary>
[Alias("Balabaqsha.Grains.Tests.Storage.ITestStateGrain")]
public interface ITestStateGrain : IGrainWithStringKey
{
    /// <summary>Replaces the state and writes it.</summary>
    [Alias("SetAsync")]
    Task SetAsync(TestState state);

    /// <summary>Returns the state as loaded (or last written).</summary>
    [Alias("GetAsync")]
    Task<TestState> GetAsync();

    /// <summary>Registers (or updates) a reminder due in an hour.</summary>
    [Alias("RegisterReminderAsync")]
    Task RegisterReminderAsync(string name, TimeSpan period);

    /// <summary>Whether the reminder service knows the reminder.</summary>
    [Alias("HasReminderAsync")]
    Task<bool> HasReminderAsync(string name);

    /// <summary>Unregisters the reminder.</summary>
    [Alias("UnregisterReminderAsync")]
    Task UnregisterReminderAsync(string name);
}

[GenerateSerializer, Immutable, Alias("Balabaqsha.Grains.Tests.Storage.TestState")]
public sealed record TestState
{
    [Id(0)]
    public Instant CreatedAt { get; init; }

    [Id(1)]
    public LocalDate BirthDate { get; init; }

    [Id(2)]
    public Duration Wait { get; init; }

    [Id(3)]
    public Instant? Deadline { get; init; }

    [Id(4)]
    public ImmutableArray<TestEntry> Entries { get; init; } = [];

    [Id(5)]
    public string Name { get; init; } = string.Empty;
}

[GenerateSerializer, Immutable, Alias("Balabaqsha.Grains.Tests.Storage.TestEntry")]
public sealed record TestEntry
{
    [Id(0)]
    public LocalDate Day { get; init; }

    [Id(1)]
    public Duration Length { get; init; }

    [Id(2)]
    public Instant? DecidedAt { get; init; }
}

public sealed class TestStateGrain(
    [PersistentState("test-state")] IPersistentState<TestState> state) : Grain, ITestStateGrain, IRemindable
{
    public async Task SetAsync(TestState value)
    {
        state.State = value;
        await state.WriteStateAsync();
    }

    public Task<TestState> GetAsync() => Task.FromResult(state.State);

    public Task RegisterReminderAsync(string name, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), period);

    public async Task<bool> HasReminderAsync(string name) => await this.GetReminder(name) is not null;

    public async Task UnregisterReminderAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

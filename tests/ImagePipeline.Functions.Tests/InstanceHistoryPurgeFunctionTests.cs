using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace ImagePipeline.Functions.Tests;

public sealed class InstanceHistoryPurgeFunctionTests
{
    [Fact]
    public async Task The_timer_purges_finished_generations_older_than_the_configured_age()
    {
        var now = new DateTimeOffset(2025, 11, 21, 3, 30, 0, TimeSpan.Zero);
        var client = Substitute.For<DurableTaskClient>("test");
        PurgeInstancesFilter? used = null;
        client.PurgeAllInstancesAsync(Arg.Do<PurgeInstancesFilter>(f => used = f), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new PurgeResult(3, true)));
        var function = new InstanceHistoryPurgeFunction(
            Options.Create(new MaintenanceOptions { PurgeAfter = TimeSpan.FromDays(2) }),
            new FixedTimeProvider(now),
            NullLogger<InstanceHistoryPurgeFunction>.Instance);

        var purged = await function.PurgeAsync(client, CancellationToken.None);

        Assert.Equal(3, purged);
        Assert.NotNull(used);
        Assert.Equal(now.AddDays(-2), used.CreatedTo);
        Assert.Equal(DurableMappings.PurgeableStatuses, used.Statuses);
    }
}

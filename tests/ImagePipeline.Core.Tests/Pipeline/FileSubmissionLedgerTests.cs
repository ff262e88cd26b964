using ImagePipeline.Pipeline;

namespace ImagePipeline.Tests.Pipeline;

/// <summary>The standalone ledger when its folder cannot take a write (a full disk): it must neither invent an earlier
/// submit nor lose the job id of a real one, or the re-run step would fail a generation whose job exists.</summary>
public sealed class FileSubmissionLedgerTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("ledger-tests-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_begin_whose_write_fails_leaves_no_record_so_the_real_submit_can_begin_later()
    {
        var ledger = new FileSubmissionLedger(_directory, TimeProvider.System);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // The file is created, then the write fails (here: cancelled; on a full disk: ENOSPC).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.TryBeginAsync("gen-1", cancelled.Token));

        Assert.Null(await ledger.TryBeginAsync("gen-1"));
    }

    [Fact]
    public async Task A_job_id_the_folder_cannot_take_is_kept_for_the_rerun_step_and_written_once_it_can()
    {
        var ledger = new FileSubmissionLedger(_directory, TimeProvider.System);
        Assert.Null(await ledger.TryBeginAsync("gen-1"));
        // A directory where the record's temporary file goes makes the write fail like a full disk would.
        var blocker = Directory.CreateDirectory(Path.Combine(_directory, "gen-1.submit.json.tmp"));

        await ledger.CompleteAsync("gen-1", "job-42");

        Assert.Equal("job-42", (await ledger.TryBeginAsync("gen-1"))?.ProviderJobId);
        Assert.Null((await new FileSubmissionLedger(_directory, TimeProvider.System).TryBeginAsync("gen-1"))?.ProviderJobId);

        blocker.Delete();
        Assert.Equal("job-42", (await ledger.TryBeginAsync("gen-1"))?.ProviderJobId);
        Assert.Equal("job-42", (await new FileSubmissionLedger(_directory, TimeProvider.System).TryBeginAsync("gen-1"))?.ProviderJobId);
    }

    [Fact]
    public async Task Completing_a_submit_keeps_its_start_time_without_reading_the_record_back()
    {
        var ledger = new FileSubmissionLedger(_directory, TimeProvider.System);
        var before = DateTimeOffset.UtcNow;
        Assert.Null(await ledger.TryBeginAsync("gen-1"));

        // What this process just wrote is not read back (shown by emptying the file behind its back: read back, it
        // would be an attempt of unknown start).
        await File.WriteAllTextAsync(Directory.EnumerateFiles(_directory).Single(), "");
        await ledger.CompleteAsync("gen-1", "job-1");

        var record = await ledger.FindAsync("gen-1");
        Assert.Equal("job-1", record?.ProviderJobId);
        Assert.True(record!.StartedAt >= before, "the start time the submit began with, which learned polling plans are measured from");
    }
}

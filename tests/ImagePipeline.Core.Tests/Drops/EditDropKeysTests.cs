using ImagePipeline.Drops;
using ImagePipeline.Pipeline;

namespace ImagePipeline.Tests.Drops;

/// <summary>The generation id of a drop: the same version always gives the same id, a new version a new one.</summary>
public sealed class EditDropKeysTests
{
    static readonly DateTime Written = new(2026, 3, 1, 10, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public void The_same_blob_version_always_maps_to_the_same_well_formed_generation_id()
    {
        var first = EditDropKeys.BlobGenerationId("edit-requests", "photo.jpg", "\"0x8DC4A2B3C4D5E6F\"");
        var again = EditDropKeys.BlobGenerationId("edit-requests", "photo.jpg", "\"0x8DC4A2B3C4D5E6F\"");

        Assert.Equal(first, again);
        Assert.True(GenerationIds.IsWellFormed(first));
        Assert.Equal(GenerationIds.FromKey("blob", EditDropKeys.ForBlob("edit-requests", "photo.jpg", "\"0x8DC4A2B3C4D5E6F\"")), first);
    }

    [Fact]
    public void An_etag_with_or_without_quotes_is_the_same_version()
    {
        Assert.Equal(
            EditDropKeys.BlobGenerationId("edit-requests", "photo.jpg", "\"0x8DC4A2B3C4D5E6F\""),
            EditDropKeys.BlobGenerationId("edit-requests", "photo.jpg", "0x8DC4A2B3C4D5E6F"));
    }

    [Fact]
    public void A_new_upload_under_the_same_name_or_another_name_is_another_generation()
    {
        var original = EditDropKeys.BlobGenerationId("edit-requests", "photo.jpg", "0x1");

        Assert.NotEqual(original, EditDropKeys.BlobGenerationId("edit-requests", "photo.jpg", "0x2"));
        Assert.NotEqual(original, EditDropKeys.BlobGenerationId("edit-requests", "other.jpg", "0x1"));
        Assert.NotEqual(original, EditDropKeys.BlobGenerationId("other-container", "photo.jpg", "0x1"));
    }

    [Fact]
    public void A_file_is_identified_by_name_size_and_modification_time()
    {
        var original = EditDropKeys.FileGenerationId("photo.png", 1234, Written);

        Assert.Equal(original, EditDropKeys.FileGenerationId("photo.png", 1234, Written));
        Assert.Equal(original, EditDropKeys.FileGenerationId("photo.png", 1234, Written.ToLocalTime()));
        Assert.NotEqual(original, EditDropKeys.FileGenerationId("photo.png", 1235, Written));
        Assert.NotEqual(original, EditDropKeys.FileGenerationId("photo.png", 1234, Written.AddTicks(1)));
        Assert.NotEqual(original, EditDropKeys.FileGenerationId("photo2.png", 1234, Written));
        Assert.True(GenerationIds.IsWellFormed(original));
    }

    [Fact]
    public void Blob_and_inbox_drops_never_share_an_id_space()
    {
        Assert.NotEqual(
            GenerationIds.FromKey(EditDropKeys.BlobScope, "photo.png"),
            GenerationIds.FromKey(EditDropKeys.InboxScope, "photo.png"));
    }
}

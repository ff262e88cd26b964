using ImagePipeline.Drops;

namespace ImagePipeline.Tests.Drops;

public sealed class EditDropNamesTests
{
    [Theory]
    [InlineData("photo.jpg", "photo.json")]
    [InlineData("photo", "photo.json")]
    [InlineData("holiday/2026/photo.final.png", "holiday/2026/photo.final.json")]
    [InlineData("v1.2/photo", "v1.2/photo.json")]
    public void The_sidecar_has_the_same_folder_and_base_name(string image, string sidecar)
    {
        Assert.Equal(sidecar, EditDropNames.SidecarOf(image));
    }

    [Theory]
    [InlineData("photo.json", true)]
    [InlineData("photo.JSON", true)]
    [InlineData("photo.jpg.reason.txt", true)]
    [InlineData(".DS_Store", true)]
    [InlineData("photo.jpg.part", true)]
    [InlineData("photo.jpg.crdownload", true)]
    [InlineData("folder/photo.jpg", false)]
    [InlineData("photo.jpg", false)]
    [InlineData("notes.txt", false)]
    public void Sidecars_reason_files_hidden_and_partial_files_are_not_drops(string name, bool ignored)
    {
        Assert.Equal(ignored, EditDropNames.IsIgnored(name));
    }

    [Fact]
    public void Tag_values_keep_only_what_blob_index_tags_allow()
    {
        var value = EditDropMarks.ToTagValue("edit-requests/photo.txt is not an image: a PNG, JPEG, WebP or GIF file is expected.");

        Assert.Equal("edit-requests/photo.txt is not an image: a PNG JPEG WebP or GIF file is expected.", value);
        Assert.Equal(256, EditDropMarks.ToTagValue(new string('x', 400)).Length);
    }
}

using ImagePipeline.Api;
using ImagePipeline.Generation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ImagePipeline.Core.Tests.Api;

public sealed class GenerationQueryParserTests
{
    [Fact]
    public void Every_filter_is_read()
    {
        var (query, problem) = Parse("status=running,Completed&provider=segmind&createdAfter=2026-11-30&createdBefore=2026-11-30T05:00:00%2B01:00&metadata.order=7&pageSize=50&continuationToken=abc");

        Assert.Null(problem);
        Assert.Equal(new HashSet<GenerationStatus> { GenerationStatus.Running, GenerationStatus.Completed }, query!.Statuses);
        Assert.Equal("segmind", query.Provider);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), query.CreatedAfter); // no offset: UTC
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero), query.CreatedBefore);
        Assert.Equal("7", query.Metadata["order"]);
        Assert.Equal(50, query.PageSize);
        Assert.Equal("abc", query.ContinuationToken);
    }

    [Fact]
    public void Defaults_to_20_per_page_with_no_filters()
    {
        var (query, problem) = Parse("");

        Assert.Null(problem);
        Assert.Equal(20, query!.PageSize);
        Assert.Empty(query.Statuses);
        Assert.Empty(query.Metadata);
    }

    [Theory]
    [InlineData("createdAfter=2026-11-30T05:00:00Z&createdBefore=2026-11-30T04:00:00Z")]
    [InlineData("pageSize=twenty")]
    [InlineData("provider=")]
    [InlineData("pageSize=1&pageSize=2")]
    public void Nonsense_is_a_400(string text) => Assert.Equal(StatusCodes.Status400BadRequest, Parse(text).Problem?.StatusCode);

    static (ImagePipeline.Workflow.GenerationQuery? Query, ApiResult? Problem) Parse(string text) =>
        GenerationQueryParser.Parse(new QueryCollection(QueryHelpers.ParseQuery(text)));
}

using ImagePipeline.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Functions;

/// <summary>
/// <c>POST /api/events</c>: CloudEvents 1.0 whose data is a generation request, delivered by an Event Grid subscription
/// (or any CloudEvents sender) to this HTTP endpoint, with the <c>OPTIONS</c> webhook validation handshake Event Grid
/// performs first. The contract is the standalone host's, from the same <see cref="CloudEventIntake"/>; the function key
/// (<c>?code=</c> in the subscription's endpoint URL) decides who may deliver.
/// </summary>
public sealed class CloudEventFunctions(CloudEventIntake intake, ILogger<DurableWorkflowClient> clientLogger)
{
    [Function("ReceiveCloudEvents")]
    public async Task<IActionResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsOptions(request.Method)) return CloudEventIntake.Handshake(request);
        return await intake.AcceptAsync(new DurableWorkflowClient(client, clientLogger), request, cancellationToken);
    }
}

namespace ImagePipeline.Testing.Simulators.Runware;

/// <summary>How the Runware simulator reports a failed task: Runware uses all three.</summary>
public enum RunwareErrorShape
{
    /// <summary><c>{"errors":[{"code","message","taskType","taskUUID"}]}</c> (HTTP 400 on getResponse).</summary>
    TopLevelErrors,
    /// <summary><c>{"data":[{"taskUUID","status":"error","error":{"code","message"}}]}</c>.</summary>
    ItemErrorObject,
    /// <summary><c>{"data":[{"taskUUID","status":"error","code","message"}]}</c>: the item carries the error fields itself.</summary>
    ItemErrorFields,
}

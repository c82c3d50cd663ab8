package dev.mosaic.application.tool;


/**
 * A tool the gateway runs itself, for the acting user only: nothing in its arguments can name
 * another user, since the user comes from the invocation, never from the model.
 */
public interface Tool {

    ToolSpec spec();

    /**
     * Runs one call. A failure the model can recover from (bad arguments, nothing found) is an
     * error output; an exception is reported to the model as the tool having failed.
     */
    ToolOutput run(ToolInvocation invocation) throws Exception;
}

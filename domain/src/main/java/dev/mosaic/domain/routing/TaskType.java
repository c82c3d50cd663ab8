package dev.mosaic.domain.routing;

/** What a message asks for. */
public enum TaskType implements Label {
    CODING,
    RESEARCH,
    SUMMARIZATION,
    CONVERSATION,
    ANALYSIS,
    CREATIVE;

    public static TaskType parse(String text) {
        return Label.parse(TaskType.class, "taskType", text);
    }
}

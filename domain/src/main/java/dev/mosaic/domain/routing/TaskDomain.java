package dev.mosaic.domain.routing;

/** The field of work a message belongs to. */
public enum TaskDomain implements Label {
    FRONTEND,
    BACKEND,
    DEVOPS,
    DOCS,
    GENERAL;

    public static TaskDomain parse(String text) {
        return Label.parse(TaskDomain.class, "domain", text);
    }
}

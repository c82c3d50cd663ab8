package dev.mosaic.application.port.out.provider;

/** A piece of a reply as it streams in, independent of the provider's wire format. */
public sealed interface ChatStreamEvent {

    record TextDelta(String text) implements ChatStreamEvent {}

    record ThinkingDelta(String text) implements ChatStreamEvent {}

    /** A tool call begins; {@code index} identifies it among the calls of this reply. */
    record ToolCallStarted(int index, String id, String name) implements ChatStreamEvent {}

    record ToolCallDelta(int index, String argumentsDelta) implements ChatStreamEvent {}
}

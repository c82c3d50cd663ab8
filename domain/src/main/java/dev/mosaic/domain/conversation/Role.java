package dev.mosaic.domain.conversation;

/** Who produced a message. Tool results are their own role, as every provider protocol models them. */
public enum Role {
    USER,
    ASSISTANT,
    TOOL
}

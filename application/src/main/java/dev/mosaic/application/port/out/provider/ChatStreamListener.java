package dev.mosaic.application.port.out.provider;

@FunctionalInterface
public interface ChatStreamListener {
    void onEvent(ChatStreamEvent event);
}

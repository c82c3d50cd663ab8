package dev.mosaic.architecture.planted.application.port.out.provider;

/** Clean: the provider port, implemented per wire protocol. */
public interface ChatProvider {
    String id();

    void stream(String prompt, ChatStreamListener listener);
}

package dev.mosaic.architecture.planted.adapters.out.providers;

import dev.mosaic.architecture.planted.application.port.out.provider.ChatProvider;
import dev.mosaic.architecture.planted.application.port.out.provider.ChatStreamListener;

/** Clean: a provider adapter named after its wire protocol. */
public final class EchoChatAdapter implements ChatProvider {
    @Override
    public String id() {
        return "echo";
    }

    @Override
    public void stream(String prompt, ChatStreamListener listener) {
        listener.onText(prompt);
    }
}

package dev.mosaic.architecture.planted.adapters.out.providers;

import dev.mosaic.architecture.planted.application.port.out.provider.ChatProvider;
import dev.mosaic.architecture.planted.application.port.out.provider.ChatStreamListener;

/** Violation: neither <Protocol>Adapter nor <Technology>ChatProvider. */
public final class ChatProviderImpl implements ChatProvider {
    @Override
    public String id() {
        return "impl";
    }

    @Override
    public void stream(String prompt, ChatStreamListener listener) {}
}

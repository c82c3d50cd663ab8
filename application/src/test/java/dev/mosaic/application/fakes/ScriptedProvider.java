package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider whose every call runs the given script; it records the requests it got. */
public final class ScriptedProvider implements ChatProvider {

    @FunctionalInterface
    public interface Script {
        ProviderReply run(ChatRequest request, ChatStreamListener listener, Cancellation cancellation);
    }

    private final String id;
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Script script;

    public ScriptedProvider(String id, Script script) {
        this.id = id;
        this.script = script;
    }

    public void script(Script next) {
        this.script = next;
    }

    public List<ChatRequest> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        requests.add(request);
        return script.run(request, listener, cancellation);
    }
}

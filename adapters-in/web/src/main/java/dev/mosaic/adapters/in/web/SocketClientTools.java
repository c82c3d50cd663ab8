package dev.mosaic.adapters.in.web;

import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.tool.ToolOutput;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ConversationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The tools one connection offers, and its calls awaiting an answer: a {@code tool:call} goes out,
 * the matching {@code tool:result} completes it; the connection closing fails what is still open.
 */
final class SocketClientTools implements ClientToolListener {
    /** Refused in an offer: the gateway runs these itself, and a client must not pose as them. */
    private final Set<String> gatewayTools;
    private final Set<String> clientTools;
    private final Consumer<String> send;
    private final ServerFrames frames;
    private final Map<String, CompletableFuture<ToolOutput>> pending = new ConcurrentHashMap<>();
    private volatile List<ToolSpec> offered = List.of();
    private volatile boolean closed;

    /**
     * @param clientTools the names a client may offer (the registry's client tools)
     * @param send sends a frame on the connection, throwing when it is gone
     */
    SocketClientTools(Set<String> gatewayTools, Set<String> clientTools, ServerFrames frames, Consumer<String> send) {
        this.gatewayTools = Set.copyOf(gatewayTools);
        this.clientTools = Set.copyOf(clientTools);
        this.frames = frames;
        this.send = send;
    }

    /** Replaces the offer with the tools that pass; answers which did and why the others did not. */
    String offer(List<ClientFrame.Offered> tools) {
        List<ToolSpec> accepted = new ArrayList<>();
        List<WireFrames.Refusal> refused = new ArrayList<>();
        for (ClientFrame.Offered tool : tools) {
            String why = gatewayTools.contains(tool.name()) ? "the gateway runs " + tool.name() + " itself"
                    : !clientTools.contains(tool.name()) ? "no agent can use a client tool named '" + tool.name()
                            + "'; client tools are " + String.join(", ", clientTools.stream().sorted().toList())
                    : tool.parameters() == null ? "'parameters' must be a JSON schema object"
                    : accepted.stream().anyMatch(t -> t.name().equals(tool.name())) ? "offered twice" : null;
            if (why != null) {
                refused.add(new WireFrames.Refusal(tool.name(), why));
            } else {
                accepted.add(new ToolSpec(tool.name(), tool.description(), tool.parameters()));
            }
        }
        offered = List.copyOf(accepted);
        return frames.toolsOffered(accepted.stream().map(ToolSpec::name).toList(), refused);
    }

    @Override
    public List<ToolSpec> offered() {
        return offered;
    }

    @Override
    public CompletableFuture<ToolOutput> call(ConversationId conversation, String callId, String name, String arguments) {
        CompletableFuture<ToolOutput> answer = new CompletableFuture<>();
        if (closed) {
            return CompletableFuture.completedFuture(ToolOutput.error("the client that offered " + name + " went away"));
        }
        if (pending.putIfAbsent(callId, answer) != null) {
            return CompletableFuture.completedFuture(ToolOutput.error("a call with id " + callId + " is already running"));
        }
        try {
            send.accept(frames.toolCall(conversation, callId, name, arguments));
        } catch (RuntimeException gone) {
            pending.remove(callId, answer);
            return CompletableFuture.completedFuture(ToolOutput.error("the client that offered " + name + " went away"));
        }
        return answer;
    }

    /** @return false when no call with that id awaits an answer from this connection */
    boolean answer(String callId, String content, boolean isError) {
        CompletableFuture<ToolOutput> waiting = pending.remove(callId);
        return waiting != null && waiting.complete(new ToolOutput(content, isError));
    }

    @Override
    public void forget(String callId) {
        pending.remove(callId);
    }

    void close() {
        closed = true;
        pending.values().forEach(f -> f.complete(ToolOutput.error("the client disconnected before answering")));
        pending.clear();
    }
}

package dev.mosaic.application.tool;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.ConversationEventListener;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the tool calls of one model turn, in parallel, for the acting user: the gateway's own tools
 * here, client tools on the client that offered them. Only what the agent allows is run; every
 * call ends with a result the model can read, an error result when it could not be run, failed,
 * timed out or was aborted. Results are cut to {@link #MAX_RESULT_CHARS}.
 */
public final class ToolRunner {
    public static final int MAX_RESULT_CHARS = 64 * 1024;
    static final int SUMMARY_CHARS = 200;
    private static final Logger LOG = Logger.getLogger(ToolRunner.class.getName());

    private final ToolRegistry registry;
    private final JsonCodec json;

    public ToolRunner(ToolRegistry registry, JsonCodec json) {
        this.registry = Objects.requireNonNull(registry);
        this.json = Objects.requireNonNull(json);
    }

    /**
     * One turn's calls and what they run for.
     *
     * @param askedIn the message whose calls these are
     * @param agent the agent whose allowlist applies; null allows nothing
     */
    public record Turn(UserId actor, ConversationId conversation, MessageId askedIn, AgentConfig agent, ClientToolListener client,
            Cancellation cancellation) {}

    /**
     * The tools the model is offered: those the agent allows that the gateway runs, or the connected
     * client offers; and those a client declares with its request, which need no agent.
     */
    public List<ToolSpec> offered(AgentConfig agent, ClientToolListener client, List<ToolSpec> declared) {
        List<ToolSpec> offered = new ArrayList<>();
        if (agent != null) {
            offered.addAll(registry.gatewaySpecs(agent.tools()));
            for (ToolSpec spec : client.offered()) {
                if (agent.allows(spec.name()) && registry.isClientTool(spec.name())) {
                    offered.add(spec);
                }
            }
        }
        offered.addAll(declared);
        return offered;
    }

    /**
     * Whether calls of this name are the gateway's to take care of within its tool loop: its own
     * tools, and those its connected clients may offer. Any other call is answered by the client
     * that declared the tool, in its next request; so no client may declare a tool of such a name.
     */
    public boolean handles(String name) {
        return registry.knows(name);
    }

    /** Runs every call, in parallel, and returns a result for each, in the calls' order. */
    public List<ContentBlock.ToolResult> run(Turn turn, List<ContentBlock.ToolCall> calls, ConversationEventListener events) {
        // A list, not a map: a model may repeat a call, and each one gets its own result.
        List<Running> running = new ArrayList<>(calls.size());
        for (ContentBlock.ToolCall call : calls) {
            running.add(start(turn, call, events));
        }
        turn.cancellation().onCancel(() -> running.forEach(r -> r.abandon("the reply was aborted")));
        Duration timeout = turn.agent() == null ? Duration.ZERO : turn.agent().toolTimeout();
        List<ContentBlock.ToolResult> results = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ContentBlock.ToolCall call = calls.get(i);
            Running run = running.get(i);
            ToolOutput output = run.await(timeout);
            String content = output.content().length() > MAX_RESULT_CHARS
                    ? output.content().substring(0, MAX_RESULT_CHARS) + "\n[cut: the result was " + output.content().length()
                            + " characters; only the first " + MAX_RESULT_CHARS + " are kept]"
                    : output.content();
            results.add(new ContentBlock.ToolResult(call.id(), content, output.isError()));
            events.on(new ConversationEvent.ToolEnded(turn.conversation(), call.id(), call.name(), output.isError(),
                    summary(content), Duration.ofNanos(System.nanoTime() - run.startedNanos)));
        }
        return results;
    }

    private Running start(Turn turn, ContentBlock.ToolCall call, ConversationEventListener events) {
        boolean onClient = registry.isClientTool(call.name());
        events.on(new ConversationEvent.ToolStarted(turn.conversation(), turn.askedIn(), call.id(), call.name(),
                call.argumentsJson(), onClient));
        Running run = new Running();
        Optional<String> refusal = refusal(turn, call);
        if (refusal.isPresent()) {
            run.result.complete(ToolOutput.error(refusal.get()));
            return run;
        }
        Optional<Map<String, Object>> arguments = json.readObject(call.argumentsJson());
        if (arguments.isEmpty()) {
            run.result.complete(ToolOutput.error("the arguments are not a JSON object (perhaps cut off), so " + call.name()
                    + " was not run; call it again with complete arguments"));
            return run;
        }
        if (onClient) {
            run.forget = () -> turn.client().forget(call.id());
            turn.client().call(turn.conversation(), call.id(), call.name(), call.argumentsJson())
                    .whenComplete((output, failure) -> run.result.complete(
                            failure == null ? output : ToolOutput.error("the client could not run " + call.name())));
            return run;
        }
        Tool tool = registry.gatewayTool(call.name()).orElseThrow();
        ToolInvocation invocation = new ToolInvocation(turn.actor(), turn.conversation(), call.id(), arguments.get());
        run.thread = Thread.ofVirtual().name("tool-" + call.name()).start(() -> {
            try {
                run.result.complete(tool.run(invocation));
            } catch (InterruptedException e) {
                run.result.complete(ToolOutput.error(call.name() + " was stopped"));
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "tool " + call.name() + " failed", e);
                run.result.complete(ToolOutput.error(call.name() + " failed: " + describe(e)));
            }
        });
        return run;
    }

    /** Why a call may not run at all, if it may not. */
    private Optional<String> refusal(Turn turn, ContentBlock.ToolCall call) {
        if (turn.agent() == null || !turn.agent().allows(call.name())) {
            return Optional.of("no tool named " + call.name() + " is available here"
                    + (turn.agent() == null ? "" : " (agent " + turn.agent().name() + " does not allow it)")
                    + "; use only the tools you were given");
        }
        if (registry.isClientTool(call.name())) {
            boolean offered = turn.client().offered().stream().anyMatch(s -> s.name().equals(call.name()));
            return offered ? Optional.empty()
                    : Optional.of(call.name() + " runs on the user's client, and no connected client offers it now");
        }
        return registry.gatewayTool(call.name()).isPresent() ? Optional.empty()
                : Optional.of("no tool named " + call.name() + " exists");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static String summary(String content) {
        String line = content.strip().replaceAll("\\s+", " ");
        return line.length() <= SUMMARY_CHARS ? line : line.substring(0, SUMMARY_CHARS - 1) + "…";
    }

    /** One call on its way to a result. */
    private static final class Running {
        final CompletableFuture<ToolOutput> result = new CompletableFuture<>();
        final long startedNanos = System.nanoTime();
        volatile Thread thread;
        volatile Runnable forget;

        void abandon(String why) {
            if (result.complete(ToolOutput.error(why))) {
                stop();
            }
        }

        ToolOutput await(Duration timeout) {
            long remaining = timeout.toNanos() - (System.nanoTime() - startedNanos);
            try {
                return result.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                abandon("timed out after " + timeout.toSeconds() + " s");
                return result.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon("the gateway stopped waiting for it");
                return result.join();
            } catch (ExecutionException e) {
                return ToolOutput.error("failed: " + describe(e.getCause()));
            }
        }

        private void stop() {
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
            Runnable f = forget;
            if (f != null) {
                f.run();
            }
        }
    }
}

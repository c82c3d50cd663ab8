package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a stored conversation fit to send to one provider, whichever providers wrote it, so that a
 * conversation can move between providers at any point. What every protocol requires alike is
 * settled here, and the request mappers only translate:
 *
 * <ul>
 *   <li>A thinking signature is only valid for the provider and model that issued it. Elsewhere the
 *       thinking is kept without it, and each protocol sends unsigned thinking its own way, or not
 *       at all. Thinking left with neither text nor signature is dropped.
 *   <li>Each tool call is answered right after the message that made it: by the first result stored
 *       for it later on, wherever that was stored, or by an error result saying that none was
 *       recorded (a reply cut short, a client that never sent one). A result that answers no
 *       earlier call is left out: no protocol accepts one.
 *   <li>Tool call ids are made to match {@code ^[a-zA-Z0-9_-]{1,40}$} and to be unique in the
 *       request, the call and its result renamed alike: Anthropic allows only those characters,
 *       OpenAI no more than 40 of them, and both refuse a repeated id (Ollama numbers its calls
 *       anew in every reply).
 *   <li>A call whose arguments are not a JSON object (cut short when a stream failed) goes back
 *       with {@code {}}, answered by an error result saying that it was not run, whatever was
 *       stored for it: sent as if whole, it would tell the model a call it never finished was made.
 *   <li>A call to a tool the request does not offer, and its result, become text: Anthropic refuses
 *       tool blocks in a request that defines no tools (a conversation whose agent no longer offers
 *       any), and a tool the model is not given is no tool it should see itself calling; as text it
 *       still knows what was called and what came of it. The calls' text stays in the assistant
 *       message; their results follow in a user message.
 *   <li>Empty text is dropped, and a message left with nothing is left out.
 * </ul>
 */
public final class HistoryNormaliser {
    static final int MAX_TOOL_CALL_ID_LENGTH = 40;
    static final String NO_RESULT = "No result was recorded for this tool call.";
    static final String CUT_OFF = "The arguments of this call were cut off and are not valid JSON, so the tool was not run.";

    private static final Pattern NOT_ALLOWED_IN_ID = Pattern.compile("[^a-zA-Z0-9_-]");

    private HistoryNormaliser() {}

    /** A call as it will be sent, and the result stored for it, if any. */
    private static final class Call {
        final ContentBlock.ToolCall stored;
        final String id;
        final boolean whole;
        final boolean offered;
        ContentBlock.ToolResult result;

        Call(ContentBlock.ToolCall stored, String id, boolean offered) {
            this.stored = stored;
            this.id = id;
            this.whole = ToolArguments.isObject(stored.argumentsJson());
            this.offered = offered;
        }

        String arguments() {
            return whole ? stored.argumentsJson() : "{}";
        }

        /** What answers the call: an error when it could not have run or nothing was stored. */
        ContentBlock.ToolResult answer() {
            if (!whole) {
                return new ContentBlock.ToolResult(id, CUT_OFF, true);
            }
            return result == null ? new ContentBlock.ToolResult(id, NO_RESULT, true)
                    : new ContentBlock.ToolResult(id, result.content(), result.isError());
        }

        String asText() {
            return "[called tool " + stored.name() + " with " + arguments() + "]";
        }

        String answerAsText() {
            ContentBlock.ToolResult answer = answer();
            return "[" + (answer.isError() ? "error from" : "result of") + " tool " + stored.name() + ": " + answer.content() + "]";
        }
    }

    /**
     * @param request the conversation, oldest first, the model it goes to and the tools it offers
     * @param providerId the provider it goes to, as it names the messages it wrote
     */
    public static List<Message> normalise(ChatRequest request, String providerId) {
        List<Message> history = request.messages();
        String model = request.model();
        Set<String> offered = new HashSet<>();
        request.tools().forEach(tool -> offered.add(tool.name()));
        List<List<Call>> callsByMessage = pairCallsWithResults(history, offered);
        List<Message> normalised = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            Message message = history.get(i);
            List<Call> calls = callsByMessage.get(i);
            boolean signaturesValid = issuedBy(message.generation(), providerId, model);
            List<ContentBlock> kept = new ArrayList<>(message.content().size());
            int call = 0;
            // Text right after a call turned into text goes on a line of its own.
            boolean afterCallText = false;
            for (ContentBlock block : message.content()) {
                switch (block) {
                    case ContentBlock.Text(String text) when !text.isEmpty() -> {
                        if (afterCallText) {
                            addText(kept, text);
                        } else {
                            kept.add(block);
                        }
                        afterCallText = false;
                    }
                    case ContentBlock.Thinking(String text, String signature) -> {
                        String valid = signaturesValid && signature != null && !signature.isBlank() ? signature : null;
                        if (valid != null || !text.isBlank()) {
                            kept.add(new ContentBlock.Thinking(text, valid));
                        }
                    }
                    case ContentBlock.ToolCall stored when message.role() == Role.ASSISTANT -> {
                        Call sent = calls.get(call++);
                        if (sent.offered) {
                            kept.add(new ContentBlock.ToolCall(sent.id, stored.name(), sent.arguments()));
                        } else {
                            addText(kept, sent.asText());
                            afterCallText = true;
                        }
                    }
                    default -> {
                        // Empty text; results, which follow their call; calls outside an assistant message, which no one made.
                    }
                }
            }
            if (!kept.isEmpty()) {
                normalised.add(message.withProgress(kept, message.generation(), message.status()));
            }
            answers(message, calls, normalised);
        }
        return normalised;
    }

    /**
     * Appends text on a line of its own: to the text block that ends {@code blocks}, or as a block of
     * its own, which starts a new line when text came before it, since some protocols join a
     * message's text blocks.
     */
    private static void addText(List<ContentBlock> blocks, String text) {
        if (!blocks.isEmpty() && blocks.getLast() instanceof ContentBlock.Text(String before)) {
            blocks.set(blocks.size() - 1, new ContentBlock.Text(before + "\n" + text));
        } else {
            boolean textBefore = blocks.stream().anyMatch(ContentBlock.Text.class::isInstance);
            blocks.add(new ContentBlock.Text(textBefore ? "\n" + text : text));
        }
    }

    /**
     * The calls of each message, in order, ids assigned, each with the first result stored for it:
     * a result answers the latest call with its id made before it.
     */
    private static List<List<Call>> pairCallsWithResults(List<Message> history, Set<String> offered) {
        List<List<Call>> callsByMessage = new ArrayList<>(history.size());
        Map<String, Call> latestByStoredId = new HashMap<>();
        Set<String> usedIds = new HashSet<>();
        for (Message message : history) {
            List<Call> calls = new ArrayList<>();
            for (ContentBlock block : message.content()) {
                if (block instanceof ContentBlock.ToolCall stored && message.role() == Role.ASSISTANT) {
                    Call call = new Call(stored, uniqueId(stored.id(), usedIds), offered.contains(stored.name()));
                    calls.add(call);
                    latestByStoredId.put(stored.id(), call);
                } else if (block instanceof ContentBlock.ToolResult result) {
                    Call call = latestByStoredId.get(result.toolCallId());
                    if (call != null && call.result == null) {
                        call.result = result;
                    }
                }
            }
            callsByMessage.add(calls);
        }
        return callsByMessage;
    }

    /**
     * What answers {@code calls}, placed right after the message that made them: a tool message with
     * the results of the offered ones, then a user message with those of the others as text.
     */
    private static void answers(Message caller, List<Call> calls, List<Message> normalised) {
        List<ContentBlock> results = new ArrayList<>();
        List<ContentBlock> asText = new ArrayList<>();
        for (Call call : calls) {
            if (call.offered) {
                results.add(call.answer());
            } else {
                addText(asText, call.answerAsText());
            }
        }
        if (!results.isEmpty()) {
            normalised.add(answer(caller, Role.TOOL, results));
        }
        if (!asText.isEmpty()) {
            normalised.add(answer(caller, Role.USER, asText));
        }
    }

    private static Message answer(Message caller, Role role, List<ContentBlock> content) {
        return new Message(MessageId.random(), caller.conversationId(), caller.owner(), role, content,
                MessageStatus.COMPLETE, null, caller.createdAt());
    }

    /** {@code stored} with disallowed characters replaced, shortened, and numbered when already taken. */
    private static String uniqueId(String stored, Set<String> used) {
        String base = NOT_ALLOWED_IN_ID.matcher(stored).replaceAll("_");
        if (base.isEmpty()) {
            base = "call";
        }
        String id = base.length() > MAX_TOOL_CALL_ID_LENGTH ? base.substring(0, MAX_TOOL_CALL_ID_LENGTH) : base;
        for (int n = 2; !used.add(id); n++) {
            String suffix = "_" + n;
            id = base.substring(0, Math.min(base.length(), MAX_TOOL_CALL_ID_LENGTH - suffix.length())) + suffix;
        }
        return id;
    }

    /**
     * Whether a message was written by this provider and model; a dated variant the provider
     * answered with (e.g. {@code claude-sonnet-4-5-20250929} for {@code claude-sonnet-4-5}) counts as
     * the model asked for.
     */
    private static boolean issuedBy(Generation generation, String providerId, String model) {
        if (generation == null || !providerId.equals(generation.provider())) {
            return false;
        }
        String answered = generation.model();
        return answered.equals(model) || answered.startsWith(model + "-")
                && answered.substring(model.length() + 1).chars().allMatch(Character::isDigit);
    }
}

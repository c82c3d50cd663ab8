package dev.mosaic.tui;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The interactive chat: a JLine prompt, answers streamed as they arrive, slash commands,
 * {@code /resume} and {@code /search}, which list conversations over the REST API to pick one from,
 * {@code /provider} and {@code /models}, which show the providers' health and the model catalog,
 * {@code /login}, which logs in to a provider with OAuth in the browser, {@code /agent new}, which
 * creates an agent step by step, and {@code /stats}, what the conversation has used. The model may
 * use this client's {@link ClientTools} on the working directory; the one that writes asks first.
 *
 * <p>The main thread reads a line, sends it and waits for the answer; while it waits, the
 * connection's thread writes the answer's deltas straight to the terminal (nobody else writes
 * then), with echo off so that keys typed meanwhile do not land in the answer. Anything that
 * arrives while the prompt is showing goes through {@link LineReader#printAbove}.
 */
final class Interactive implements ChatSession.Events {

    private static final Logger LOG = Logger.getLogger(Interactive.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    static final String LOGIN_USAGE = "log in to which provider? /login anthropic or /login openai";
    static final String NEW_TOKEN = "get a new token with ./mosaic token create NAME (NAME: your user name, on the "
            + "gateway's machine) and start the client with it: --token-file FILE, --token TOKEN or MOSAIC_TOKEN";
    static final String CLIENT_HELP = """
            /new       start a new conversation
            /resume    pick one of your recent conversations and continue it
            /search …  find messages ("road trip", lisbon -porto, lisb*) and continue their conversation
            /models …  the model catalog with prices (/models claude: only matching ones)
            /provider  the providers' health, and which have a key of your own (/providers too)
            /login …   log in to a provider with your account there, in the browser (/login anthropic, /login openai)
            /agent new create an agent of your own, step by step (/agent lists the agents, /agent NAME switches to one)
            /stats     what this conversation has used: tokens, cost, switches, tool calls, time
            /prefs     your preferences, applied to every conversation (/prefs KEY VALUE sets one, /prefs KEY - removes it)
            /memory …  what the gateway remembers of you (/memory WORDS: the closest in meaning)
            /forget …  forget one thing remembered (/forget ID), or everything (/forget all, after you confirm)
            /quit      leave (Ctrl+D does too)
            //text     send a message that begins with /
            Ctrl+C     stop the answer being written (twice: stop waiting for it); at the prompt, clear the line
            The model may read, list and search the files in this directory; it writes one only when you answer y.""";
    static final String AGENT_NAME_RULE = "lower-case letters, digits, - or _, starting with a letter";

    private final Options options;
    private final Path workingDirectory;
    private final Terminal terminal;
    private final LineReader reader;
    private final Renderer renderer;
    private final String prompt;
    private final String pickPrompt;
    private final String pastePrompt;
    /** Used by the main thread only; replaced when the connection is re-established. */
    private ChatSession session;
    /** Used by the main thread only; made on the first command that needs the REST API. */
    private GatewayApi api;
    /** What this client offers the model; set before the first connection. */
    private ChatSession.Tools tools = ChatSession.Tools.NONE;
    /** One question to the person at a time, when tools run in parallel. */
    private final ReentrantLock asking = new ReentrantLock();
    /** Set once the gateway no longer accepts the token: the session ends. */
    private volatile boolean tokenRejected;
    private final AtomicBoolean tokenLossSaid = new AtomicBoolean();
    /** Whether the main thread waits for an answer (it then reports a lost connection itself). */
    private volatile boolean awaiting;
    /** Whether the deltas that arrive belong to the answer being shown. */
    private volatile boolean streaming;
    private volatile String conversationBeforeSend;
    /** What Ctrl+C does while no line is being read. */
    private volatile Runnable onInterrupt;
    private volatile boolean quitting;

    /** {@code workingDirectory} is the one directory the model's file tools may use. */
    Interactive(Options options, Terminal terminal, Path workingDirectory) {
        this.options = options;
        this.workingDirectory = workingDirectory;
        this.terminal = terminal;
        boolean ansi = !terminal.getType().startsWith(Terminal.TYPE_DUMB);
        this.renderer = new Renderer(terminal.writer(), ansi);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("mosaic")
                .completer(new StringsCompleter("/history", "/model", "/models", "/why", "/help", "/new", "/resume",
                        "/search", "/provider", "/providers", "/login", "/agent", "/stats", "/prefs", "/memory", "/forget",
                        "/quit"))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is text, not a history reference
                .build();
        this.prompt = ansi ? new AttributedString("you› ", AttributedStyle.BOLD).toAnsi(terminal) : "you> ";
        this.pickPrompt = ansi ? new AttributedString("number› ", AttributedStyle.BOLD).toAnsi(terminal) : "number> ";
        this.pastePrompt = ansi ? new AttributedString("paste› ", AttributedStyle.BOLD).toAnsi(terminal) : "paste> ";
    }

    int run() {
        terminal.handle(Terminal.Signal.INT, signal -> {
            Runnable action = onInterrupt;
            if (action != null) {
                action.run();
            }
        });
        try {
            tools = new ClientTools(workingDirectory, this::consent);
        } catch (IOException e) {
            renderer.warning("the model cannot use this client's file tools: " + e.getMessage());
        }
        try {
            session = connect();
        } catch (GatewayConnectException e) {
            refused(e);
            return TerminalClient.FAILED;
        }
        renderer.notice("connected to " + options.url() + " as user " + session.ready().userId()
                + "; /help lists the commands");
        if (options.conversationId() != null && !resume(options.conversationId())) {
            leave();
            return TerminalClient.FAILED;
        }
        try {
            while (!tokenRejected) {
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue; // Ctrl+C at the prompt drops the line, nothing more
                } catch (EndOfFileException e) {
                    break;
                }
                if (tokenRejected) {
                    break; // the gateway ended the session while the prompt showed, as was said above it
                }
                String input = line.strip();
                if (input.isEmpty()) {
                    continue;
                }
                if (input.startsWith("/") && !input.startsWith("//")) {
                    if (!command(input)) {
                        break;
                    }
                } else {
                    converse(input.startsWith("//") ? input.substring(1) : input);
                }
            }
        } finally {
            leave();
        }
        session.currentConversationId().ifPresent(id -> renderer.notice("resume this conversation with -c " + id));
        return TerminalClient.OK;
    }

    @Override
    public void onFailover(ServerFrame.RoutingFailover failover) {
        renderer.failover(failover);
    }

    @Override
    public void onSessionInfo(ServerFrame.SessionInfo info) {
        if (!streaming) {
            return;
        }
        if (!Objects.equals(info.conversationId(), conversationBeforeSend)) {
            renderer.newConversation(info.conversationId());
            // Said once, also when another model takes over before the first token.
            conversationBeforeSend = info.conversationId();
        }
        renderer.header(info);
    }

    @Override
    public void onContextCompacted(ServerFrame.ContextCompacted compacted) {
        if (streaming) {
            renderer.compacted(compacted);
        }
    }

    @Override
    public void onDelta(ServerFrame.MessageDelta delta) {
        if (streaming) {
            renderer.delta(delta);
        }
    }

    @Override
    public void onToolStart(ServerFrame.ToolStart start) {
        if (streaming) {
            announce(r -> r.toolStart(start));
        }
    }

    @Override
    public void onToolEnd(ServerFrame.ToolEnd end) {
        if (streaming) {
            announce(r -> r.toolEnd(end));
        }
    }

    @Override
    public void onMemory(ServerFrame.ContextMemory memory) {
        announce(r -> r.memory(memory));
    }

    @Override
    public void onToolsOffered(ServerFrame.ToolsOffered offered) {
        if (!offered.refused().isEmpty()) {
            announce(r -> r.toolsRefused(offered));
        }
    }

    /**
     * Asks the person whether a tool may do what it would ({@link ClientTools.Consent}). Only while
     * they wait for the answer it serves: otherwise the prompt is theirs, and the tool is refused.
     */
    private String consent(String action) {
        asking.lock();
        try {
            if (!streaming) {
                return "refused: the person was not waiting for this answer, so nobody could allow it to " + action;
            }
            renderer.abandon(); // the question starts a line of its own
            String answer;
            reader.setVariable(LineReader.DISABLE_HISTORY, true);
            try {
                answer = reader.readLine(question("allow the model to " + action + "? [y/N]"));
            } catch (UserInterruptException | EndOfFileException e) {
                answer = "";
            } finally {
                reader.setVariable(LineReader.DISABLE_HISTORY, false);
            }
            String yes = answer.strip().toLowerCase(Locale.ROOT);
            return yes.equals("y") || yes.equals("yes") ? null
                    : "refused: the person did not allow it to " + action;
        } finally {
            asking.unlock();
        }
    }

    /** Another client's exchange in this conversation: shown above the prompt, the reply whole once it ended. */
    @Override
    public void onOthersMessage(ServerFrame.MessageStored stored) {
        announce(r -> r.othersMessage(stored));
    }

    @Override
    public void onOthersReply(ServerFrame.MessageEnd end, String text) {
        announce(r -> r.othersReply(end, text));
    }

    @Override
    public void onError(GatewayError error) {
        if (error.tokenNoLongerValid()) {
            tokenLost(error);
        } else {
            announce(r -> r.error(error.toString()));
        }
    }

    /** A close while waiting is reported by the request that waits; one that ends the token, by {@link #tokenLost}. */
    @Override
    public void onClosed(CloseReason reason) {
        if (quitting || awaiting) {
            return;
        }
        Optional.ofNullable(closedFor(reason)).filter(GatewayError::tokenNoLongerValid).ifPresentOrElse(this::tokenLost,
                () -> announce(r -> r.warning(reason + "; the next message reconnects")));
    }

    /**
     * The gateway's {@code token_revoked} or {@code token_expired} behind a failure: the error it
     * answered with, or the reason it closed the connection for.
     */
    private static Optional<GatewayError> tokenLoss(Throwable failure) {
        GatewayError error = switch (failure) {
            case GatewayException e -> e.error();
            case GatewayHttpException e -> e.error();
            case ConnectionClosedException e -> closedFor(e.closeReason());
            default -> null;
        };
        return Optional.ofNullable(error).filter(GatewayError::tokenNoLongerValid);
    }

    /** The error a close stands for: the gateway closes with 1008 and the error's code as the reason. */
    private static GatewayError closedFor(CloseReason reason) {
        return reason.statusCode() == CloseReason.POLICY_VIOLATION ? new GatewayError(reason.reason(), null) : null;
    }

    /** Says, once, that the token no longer works and how to get another; the session then ends. */
    private void tokenLost(GatewayError error) {
        tokenRejected = true;
        if (tokenLossSaid.compareAndSet(false, true)) {
            String what = error.code().equals("token_expired") ? "expired" : "was revoked";
            announce(r -> {
                r.error("your token " + what + ", so the gateway ended the session");
                r.notice(NEW_TOKEN);
            });
        }
    }

    /** Reports a failed request with {@code message}, unless it was the end of the token, which ends the session. */
    private void failed(Throwable failure, String message) {
        tokenLoss(failure).ifPresentOrElse(this::tokenLost, () -> renderer.error(message));
    }

    /** The gateway would not open a connection: why, and for a rejected token, how to get another. */
    private void refused(GatewayConnectException e) {
        renderer.error(e.getMessage());
        if (e.httpStatus() == 401) {
            tokenRejected = true;
            renderer.notice(NEW_TOKEN);
        }
    }

    private void converse(String text) {
        if (!ensureConnected()) {
            return;
        }
        conversationBeforeSend = session.currentConversationId().orElse(null);
        Attributes before = terminal.getAttributes();
        Attributes quiet = new Attributes(before);
        quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        terminal.setAttributes(quiet);
        streaming = true;
        ChatSession current = session;
        try {
            Optional<Reply> reply = await(() -> current.send(text), () -> current.abort().whenComplete((ok, failed) -> {
                if (failed != null) {
                    LOG.log(Level.FINE, "abort failed", failed);
                }
            }));
            streaming = false;
            if (reply.isPresent()) {
                renderer.end(reply.get());
            } else {
                renderer.abandon();
                renderer.warning("stopped waiting; the gateway still finishes and keeps the answer");
            }
        } catch (RuntimeException e) {
            streaming = false;
            renderer.abandon();
            failed(e, describe(e));
        } finally {
            terminal.setAttributes(before);
        }
    }

    /** Handles a slash command; false when the user wants to leave. */
    private boolean command(String input) {
        String[] words = input.split("\\s+", 2);
        String name = words[0].toLowerCase(Locale.ROOT);
        switch (name) {
            case "/quit", "/exit" -> {
                return false;
            }
            case "/new" -> {
                session.newConversation();
                renderer.notice("the next message starts a new conversation");
                return true;
            }
            case "/resume" -> {
                resumeRecent();
                return true;
            }
            case "/search" -> {
                search(words.length > 1 ? words[1].strip() : "");
                return true;
            }
            case "/provider", "/providers" -> {
                providers();
                return true;
            }
            case "/models" -> {
                models(words.length > 1 ? words[1].strip() : "");
                return true;
            }
            case "/login" -> {
                login(words.length > 1 ? words[1].strip() : "");
                return true;
            }
            case "/agent" -> {
                if (words.length > 1 && words[1].strip().equalsIgnoreCase("new")) {
                    createAgent();
                    return true;
                }
                // /agent lists the agents and /agent NAME switches to one: the gateway's, like /model
            }
            case "/stats" -> {
                stats();
                return true;
            }
            case "/prefs" -> {
                preferences(words.length > 1 ? words[1].strip() : "");
                return true;
            }
            case "/memory" -> {
                memory(words.length > 1 ? words[1].strip() : "");
                return true;
            }
            case "/forget" -> {
                forget(words.length > 1 ? words[1].strip() : "");
                return true;
            }
            case "/help" -> renderer.text(CLIENT_HELP); // then the gateway's own commands
            default -> { } // the gateway knows /history, /model, /why, /help and /agent, and says so for anything else
        }
        gatewayCommand(input);
        return true;
    }

    /** Runs a command of the gateway's and shows its answer. */
    private void gatewayCommand(String input) {
        if (!ensureConnected()) {
            return;
        }
        try {
            await(() -> session.command(input).orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), null)
                    .ifPresent(result -> renderer.text(result.text()));
        } catch (RuntimeException e) {
            failed(e, describe(e));
        }
    }

    /** What {@code /provider} shows; {@code credentials} is {@code null} when they could not be read, as {@code why} says. */
    private record ProviderView(List<GatewayApi.ProviderHealth> health, List<GatewayApi.Credential> credentials,
            String why) {}

    /** {@code /provider}: every configured provider's health, and whether the user stored a key for it. */
    private void providers() {
        GatewayApi rest = api();
        call(() -> {
            List<GatewayApi.ProviderHealth> health = rest.providerHealth();
            try {
                return new ProviderView(health, rest.credentials(), null);
            } catch (GatewayApiException e) {
                LOG.log(Level.FINE, "cannot read the stored keys", e);
                return new ProviderView(health, null, e.getMessage());
            }
        }).ifPresent(view -> {
            renderer.providers(view.health(), view.credentials());
            if (view.credentials() == null) {
                renderer.warning("cannot tell which keys are your own: " + view.why());
            }
        });
    }

    /** {@code /models [text]}: the catalog, only the models whose provider or id contains {@code filter} when there is one. */
    private void models(String filter) {
        GatewayApi rest = api();
        call(rest::models).ifPresent(models ->
                renderer.models(models.stream().filter(m -> m.matches(filter)).toList(), filter));
    }

    /**
     * {@code /login <provider>}: an OAuth login in the browser, which the gateway runs and keeps the
     * tokens of. The client shows the address to open, then takes whichever comes first: the
     * browser coming back to this machine, or what the user pastes.
     */
    private void login(String provider) {
        if (provider.isEmpty() || provider.chars().anyMatch(Character::isWhitespace)) {
            renderer.warning(LOGIN_USAGE);
            return;
        }
        String name = provider.toLowerCase(Locale.ROOT);
        GatewayApi rest = api();
        Optional<GatewayApi.OAuthLogin> started = call(() -> rest.startOAuth(name));
        if (started.isEmpty()) {
            return;
        }
        GatewayApi.OAuthLogin login = started.get();
        OAuthCallback callback = listen(login);
        CompletableFuture<String> caught = callback == null ? new CompletableFuture<>() : callback.code();
        renderer.login(login);
        renderer.notice(callback == null
                ? "paste the redirect URL or code here once you have logged in (Enter or Ctrl+C cancels)"
                : "paste the redirect URL or code here, or wait for the browser to come back (Enter or Ctrl+C cancels)");
        String pasted;
        try (callback) { // closed before anything more is said, so that "cancelled" is true
            pasted = pasteOrWait(caught);
        }
        Callable<GatewayApi.OAuthCredential> complete;
        if (pasted != null && !pasted.isBlank()) {
            complete = () -> rest.completeOAuthPasted(name, login.state(), pasted.strip());
        } else if (pasted == null && caught.isDone()) {
            try {
                String code = caught.join();
                complete = () -> rest.completeOAuth(name, login.state(), code);
            } catch (CompletionException e) {
                renderer.error(name + " refused the login: " + e.getCause().getMessage());
                return;
            }
        } else {
            renderer.notice("login cancelled");
            return;
        }
        call(() -> {
            try {
                return complete.call();
            } catch (GatewayApiException e) {
                throw loginFailure(name, e);
            }
        }).ifPresent(credential -> renderer.loggedIn(name, credential.expiresAt()));
    }

    /** Listens for the browser to come back; {@code null} when it cannot be caught here, which is then said. */
    private OAuthCallback listen(GatewayApi.OAuthLogin login) {
        try {
            return OAuthCallback.listen(login.redirectUri(), login.state(), why -> announce(r -> r.warning(why)));
        } catch (OAuthCallback.Unavailable e) {
            renderer.warning(e.getMessage() + "; paste what it shows after you log in");
            return null;
        }
    }

    /**
     * Reads a pasted line until the browser comes back ({@code caught} completes), whichever is
     * first: the line, or {@code null} when the browser came first or the user pressed Ctrl+C or Ctrl+D.
     */
    private String pasteOrWait(CompletableFuture<String> caught) {
        AtomicBoolean pasting = new AtomicBoolean(true); // and its monitor orders the wake-up against the prompt's end
        caught.whenComplete((code, failure) -> Thread.startVirtualThread(() -> wake(pasting)));
        reader.setVariable(LineReader.DISABLE_HISTORY, true); // a code is no line to recall later
        try {
            return caught.isDone() ? null : reader.readLine(pastePrompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null; // Ctrl+C or Ctrl+D, or wake() ending the prompt because the browser came back
        } finally {
            synchronized (pasting) {
                pasting.set(false);
                Thread.interrupted(); // a wake-up that came as the prompt ended must not cut short what follows
            }
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    /**
     * Makes the paste prompt give way once it shows. JLine's {@code readLine} ends early only when
     * interrupted, which is what its Ctrl+C handler does; {@link #login} then finds the browser's
     * answer ready. Until the prompt shows (a moment at most) this looks again.
     */
    private void wake(AtomicBoolean pasting) {
        try {
            while (true) {
                synchronized (pasting) {
                    if (!pasting.get()) {
                        return;
                    }
                    if (reader.isReading()) {
                        terminal.raise(Terminal.Signal.INT);
                        return;
                    }
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The gateway's refusals to complete a login, said with what to do next. */
    private static GatewayApiException loginFailure(String provider, GatewayApiException e) {
        String why = e.error() != null && e.error().message() != null ? e.error().message() : e.getMessage();
        String message = switch (e.httpStatus()) {
            case 404 -> "the login to " + provider + " expired or is unknown to the gateway; start again with /login "
                    + provider;
            case 422 -> provider + " refused the code: " + why + "; start again with /login " + provider;
            case 400 -> e.getMessage() + "; start again with /login " + provider;
            default -> null;
        };
        return message == null ? e : new GatewayApiException(message, e.httpStatus(), e.error(), e);
    }

    /** {@code /stats}: what the current conversation has used so far. */
    private void stats() {
        Optional<String> conversation = session.currentConversationId();
        if (conversation.isEmpty()) {
            renderer.notice("no conversation yet: send a message first, or /resume one");
            return;
        }
        GatewayApi rest = api();
        call(() -> rest.metrics(conversation.get())).ifPresent(renderer::stats);
    }

    /** {@code /prefs}: lists them; {@code /prefs KEY VALUE} sets one; {@code /prefs KEY -} removes it. */
    private void preferences(String argument) {
        GatewayApi rest = api();
        if (!argument.isEmpty()) {
            String[] parts = argument.split("\\s+", 2);
            if (parts.length < 2) {
                renderer.notice("/prefs KEY VALUE sets a preference; /prefs KEY - removes it");
                return;
            }
            boolean remove = parts[1].strip().equals("-");
            if (call(() -> {
                if (remove) {
                    rest.deletePreference(parts[0]);
                } else {
                    rest.setPreference(parts[0], parts[1].strip());
                }
                return true;
            }).isEmpty()) {
                return;
            }
            renderer.notice(remove ? "removed " + parts[0] : "every conversation now knows " + parts[0]);
        }
        call(rest::preferences).ifPresent(renderer::preferences);
    }

    /** {@code /memory}: the newest things remembered; {@code /memory WORDS}: the closest in meaning. */
    private void memory(String query) {
        GatewayApi rest = api();
        call(() -> query.isEmpty() ? rest.insights() : rest.searchMemory(query)).ifPresent(renderer::insights);
    }

    /** {@code /forget ID} forgets one insight; {@code /forget all} everything, once the person confirms. */
    private void forget(String what) {
        GatewayApi rest = api();
        if (what.isEmpty()) {
            renderer.notice("/forget ID forgets one thing remembered (/memory shows the ids); /forget all forgets "
                    + "everything");
        } else if (what.equalsIgnoreCase("all")) {
            if (ask("forget everything the gateway remembers of you, and all your preferences? [y/N]", false)) {
                call(rest::forgetEverything).ifPresent(count -> renderer.notice("forgot " + count));
            }
        } else {
            call(() -> {
                rest.forgetInsight(what);
                return true;
            }).ifPresent(done -> renderer.notice("forgotten"));
        }
    }

    /**
     * {@code /agent new}: asks for the agent's name, description, system prompt, default model and
     * tools, and creates it. When the gateway refuses the draft (it names the field at fault), the
     * person may change it and try again, Enter keeping each earlier answer.
     */
    private void createAgent() {
        GatewayApi rest = api();
        // The tool names the gateway's agents use, and this client's own: what an agent may list.
        Set<String> known = new TreeSet<>(tools.specs().stream().map(ToolSpec::name).toList());
        try {
            attempt(rest::agents).ifPresent(agents -> agents.forEach(agent -> known.addAll(agent.tools())));
        } catch (CompletionException e) {
            renderer.warning("cannot read the gateway's agents, so only this client's tools are listed: "
                    + e.getCause().getMessage());
        }
        GatewayApi.AgentDraft draft = null;
        while (true) {
            Optional<GatewayApi.AgentDraft> asked = askDraft(draft, known);
            if (asked.isEmpty()) {
                renderer.notice("no agent created");
                return;
            }
            draft = asked.get();
            GatewayApi.AgentDraft sent = draft;
            try {
                attempt(() -> rest.createAgent(sent)).ifPresent(renderer::agentCreated);
                return;
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof GatewayApiException refused) || refused.httpStatus() != 400) {
                    failed(e.getCause(), e.getCause().getMessage());
                    return;
                }
                renderer.error("the gateway did not create the agent: " + refused.getMessage());
                if (!ask("change it and try again? Enter keeps each earlier answer [Y/n]", true)) {
                    renderer.notice("no agent created");
                    return;
                }
            }
        }
    }

    /**
     * The questions of {@code /agent new}; empty when the person cancels (Ctrl+C, Ctrl+D, or no name
     * at the first try). With {@code earlier}, Enter keeps its answers.
     */
    private Optional<GatewayApi.AgentDraft> askDraft(GatewayApi.AgentDraft earlier, Set<String> knownTools) {
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            String name = answer("name (" + AGENT_NAME_RULE + ")", earlier == null ? null : earlier.name());
            if (name.isEmpty()) {
                return Optional.empty();
            }
            String description = answer("description (one line)", earlier == null ? null : earlier.description());
            renderer.notice("system prompt: what the agent is and does; end it with a line holding only .");
            StringBuilder prompt = new StringBuilder();
            for (String line = reader.readLine(question("…")); !line.strip().equals(".");
                    line = reader.readLine(question("…"))) {
                prompt.append(prompt.isEmpty() ? "" : "\n").append(line);
            }
            String systemPrompt = prompt.isEmpty() && earlier != null ? earlier.systemPrompt() : prompt.toString();
            String model = answer("default model (provider/model, or routed to let routing choose)",
                    earlier == null ? "routed" : Objects.requireNonNullElse(earlier.defaultModel(), "routed"));
            renderer.notice("known tools: " + (knownTools.isEmpty() ? "none" : String.join(", ", knownTools)));
            String tools = answer("tools (comma separated, or none)",
                    earlier == null ? "none" : earlier.tools().isEmpty() ? "none" : String.join(", ", earlier.tools()));
            return Optional.of(new GatewayApi.AgentDraft(name, description, systemPrompt,
                    model.isEmpty() || model.equalsIgnoreCase("routed") ? null : model,
                    tools.isEmpty() || tools.equalsIgnoreCase("none") ? List.of()
                            : Arrays.stream(tools.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList()));
        } catch (UserInterruptException | EndOfFileException e) {
            return Optional.empty();
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    /** One line, stripped; {@code otherwise} (shown in brackets) when the person only presses Enter. */
    private String answer(String label, String otherwise) {
        String line = reader.readLine(question(label + (otherwise == null ? "" : " [" + otherwise + "]"))).strip();
        return line.isEmpty() && otherwise != null ? otherwise : line;
    }

    /** A yes-or-no question; {@code otherwise} for Enter, no for Ctrl+C or Ctrl+D. */
    private boolean ask(String label, boolean otherwise) {
        String line;
        try {
            line = reader.readLine(question(label)).strip().toLowerCase(Locale.ROOT);
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
        return line.isEmpty() ? otherwise : line.equals("y") || line.equals("yes");
    }

    private String question(String text) {
        return renderer.ansi() ? new AttributedString(text + " ", AttributedStyle.BOLD).toAnsi(terminal) : text + " ";
    }

    /** {@code /resume}: the most recent conversations, to pick one to continue. */
    private void resumeRecent() {
        GatewayApi rest = api();
        call(() -> rest.list(1)).ifPresent(page -> {
            renderer.conversations(page, session.currentConversationId().orElse(null));
            if (!page.items().isEmpty()) {
                pick(page.items().size()).ifPresent(i -> resumePicked(page.items().get(i).conversationId()));
            }
        });
    }

    /** {@code /search <query>}: the messages that match, to pick one whose conversation to continue. */
    private void search(String query) {
        if (query.isEmpty()) {
            renderer.warning("search for what? e.g. /search lisbon, /search \"road trip\" -porto, /search lisb*");
            return;
        }
        GatewayApi rest = api();
        call(() -> rest.search(query, 1)).ifPresent(page -> {
            renderer.searchResults(query, page);
            if (!page.items().isEmpty()) {
                pick(page.items().size()).ifPresent(i -> resumePicked(page.items().get(i).conversationId()));
            }
        });
    }

    /**
     * Asks for a number from 1 to {@code count} until one comes; the index picked, or empty when the
     * user pressed Enter (or Ctrl+C, or Ctrl+D).
     */
    private OptionalInt pick(int count) {
        reader.setVariable(LineReader.DISABLE_HISTORY, true); // a number is no line worth recalling later
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(pickPrompt).strip();
                } catch (UserInterruptException | EndOfFileException e) {
                    return OptionalInt.empty();
                }
                if (line.isEmpty()) {
                    return OptionalInt.empty();
                }
                try {
                    int number = Integer.parseInt(line);
                    if (number >= 1 && number <= count) {
                        return OptionalInt.of(number - 1);
                    }
                } catch (NumberFormatException e) {
                    // said below
                }
                renderer.warning("type a number from 1 to " + count + ", or press Enter to go back");
            }
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    /** Continues a conversation picked from a list, as {@code -c} would. */
    private void resumePicked(String conversationId) {
        if (ensureConnected()) {
            resume(conversationId);
        }
    }

    private boolean resume(String conversationId) {
        try {
            Optional<ServerFrame.History> history = await(
                    () -> session.open(conversationId).orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), null);
            history.ifPresent(renderer::history);
            return history.isPresent();
        } catch (RuntimeException e) {
            failed(e, "cannot resume conversation " + conversationId + ": " + describe(e));
            return false;
        }
    }

    /** Reconnects after a lost connection, back in the same conversation; false when that failed (and was said). */
    private boolean ensureConnected() {
        if (session.isOpen()) {
            return true;
        }
        String conversation = session.currentConversationId().orElse(null);
        renderer.notice("reconnecting to " + options.url() + " …");
        try {
            session = connect();
        } catch (GatewayConnectException e) {
            refused(e); // a rejected token does not get better by trying again: the session ends
            return false;
        }
        return conversation == null || resumeQuietly(conversation);
    }

    private boolean resumeQuietly(String conversationId) {
        try {
            return await(() -> session.open(conversationId).orTimeout(ANSWER_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS), null).isPresent();
        } catch (RuntimeException e) {
            failed(e, "cannot return to conversation " + conversationId + ": " + describe(e));
            return false;
        }
    }

    private void leave() {
        quitting = true;
        session.close();
        if (api != null) {
            api.close();
        }
    }

    private GatewayApi api() {
        if (api == null) {
            api = GatewayApi.forWebSocket(options.url(), options.token(), ANSWER_TIMEOUT);
        }
        return api;
    }

    /**
     * Makes a REST call on a thread of its own, so that Ctrl+C can stop waiting for it. Empty when
     * the user gave up, or when the call failed, which is then said.
     */
    private <T> Optional<T> call(Callable<T> call) {
        try {
            return attempt(call);
        } catch (CompletionException e) {
            // A GatewayApiException's message is written for people, the gateway's own included.
            failed(e.getCause(), e.getCause().getMessage());
            return Optional.empty();
        }
    }

    /** {@link #call}, but a failure is the caller's to handle: thrown as a {@link CompletionException}. */
    private <T> Optional<T> attempt(Callable<T> call) {
        return await(() -> CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, Thread::startVirtualThread), null);
    }

    private ChatSession connect() throws GatewayConnectException {
        return ChatSession.connect(options.url(), options.token(), CONNECT_TIMEOUT, this, tools);
    }

    /**
     * Makes a request and waits for its answer, which is empty when the user gave up. The first
     * Ctrl+C runs {@code firstInterrupt} when there is one; any other gives up. A failed answer is
     * thrown.
     */
    private <T> Optional<T> await(Supplier<CompletableFuture<T>> request, Runnable firstInterrupt) {
        awaiting = true; // before the request: sending it may already find the connection gone
        CompletableFuture<Void> gaveUp = new CompletableFuture<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        onInterrupt = () -> {
            if (firstInterrupt != null && interrupted.compareAndSet(false, true)) {
                firstInterrupt.run();
            } else {
                gaveUp.complete(null);
            }
        };
        try {
            CompletableFuture<T> answer = request.get();
            CompletableFuture.anyOf(answer, gaveUp).join();
            return answer.isDone() ? Optional.of(answer.join()) : Optional.empty();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        } finally {
            awaiting = false;
            onInterrupt = null;
        }
    }

    /** Writes above the prompt while one is showing, so that the line being typed stays intact. */
    private void announce(Consumer<Renderer> message) {
        if (reader.isReading()) {
            StringWriter text = new StringWriter();
            message.accept(new Renderer(new PrintWriter(text), renderer.ansi()));
            reader.printAbove(text.toString().stripTrailing());
        } else {
            message.accept(renderer);
        }
    }

    private static String describe(RuntimeException failure) {
        return switch (failure) {
            case GatewayException e -> e.error().toString();
            case ConnectionClosedException e -> e.getMessage() + "; the next message reconnects";
            case CompletionException e when e.getCause() instanceof TimeoutException ->
                    "the gateway did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
            default -> String.valueOf(failure.getMessage());
        };
    }
}

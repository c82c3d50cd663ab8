package dev.mosaic.tui;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Writes what the user sees: reply headers, streamed deltas, footers, histories and notices. It
 * keeps track of where the cursor is (which kind of delta is being written, whether at the start of
 * a line) so that thinking, tool calls and text each start on their own line. Without ANSI (a dumb
 * terminal, or a test) the same text comes out unstyled.
 */
final class Renderer {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle STRONG = AttributedStyle.BOLD;
    private static final AttributedStyle SIMULATED =
            AttributedStyle.BOLD.foreground(AttributedStyle.BLACK).background(AttributedStyle.YELLOW);
    private static final AttributedStyle WARNING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle TOOL = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle MATCH = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle UP = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle DEGRADED = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle DOWN = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final String THINKING_PREFIX = "┊ ";
    /** How much of a provider's last error the table shows. */
    static final int ERROR_WIDTH = 60;
    private static final String NONE = "-";
    /** How much of a tool's arguments and result summary a line shows. */
    static final int TOOL_WIDTH = 80;
    private static final String STEP_LIMIT = "tool_step_limit";

    private enum Segment { NONE, TEXT, THINKING, TOOL_CALL }

    private final PrintWriter out;
    private final boolean ansi;
    private final DateTimeFormatter dates;
    private final DateTimeFormatter times;
    private Segment segment = Segment.NONE;
    private boolean atLineStart = true;

    Renderer(PrintWriter out, boolean ansi) {
        this(out, ansi, ZoneId.systemDefault());
    }

    /** {@code zone} is where dates are shown in local time (tests need one that does not depend on the machine). */
    Renderer(PrintWriter out, boolean ansi, ZoneId zone) {
        this.out = out;
        this.ansi = ansi;
        this.dates = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
        this.times = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(zone);
    }

    boolean ansi() {
        return ansi;
    }

    /**
     * The line before an answer: which model, the agent, what chose the model and what the message was
     * taken for ({@code claude-opus-4-6 · agent coding-agent v1 · rule "coding, complex" · coding/complex (0.92)}),
     * and whether it is simulated. {@code /why} tells the rest.
     */
    synchronized void header(ServerFrame.SessionInfo info) {
        startLine();
        ServerFrame.Routing routing = info.routing();
        write(STRONG, "▸ " + (routing != null ? info.model() : info.provider() + "/" + info.model()));
        if (info.agent() != null) {
            write(DIM, " · agent " + agent(info.agent().name(), info.agent().version()));
        }
        if (routing != null) {
            String chosen = routing.pinned() ? "pinned" : routing.rule() == null ? "no rule matched"
                    : "rule \"" + routing.rule() + "\"";
            write(DIM, String.format(Locale.ROOT, " · %s · %s/%s (%.2f)", chosen, routing.taskType(), routing.complexity(),
                    routing.confidence()));
            if (routing.passedOver() > 0) {
                write(DIM, " · after " + routing.passedOver() + (routing.passedOver() == 1 ? " fallback" : " fallbacks"));
            }
        } else if (info.reason() != null && !info.reason().isBlank()) {
            write(DIM, " — " + info.reason());
        }
        if (info.simulated()) {
            write(PLAIN, "  ");
            write(SIMULATED, "[SIMULATED]");
        }
        write(PLAIN, "\n");
        flush();
    }

    /**
     * A tool starts: a dim line with its arguments shortened, and where it runs
     * ({@code ⚙ read_file {"path":"README.md"} · on this client}).
     */
    synchronized void toolStart(ServerFrame.ToolStart start) {
        enter(Segment.NONE); // closes a tool call being streamed
        String where = switch (start.runsOn() == null ? "" : start.runsOn()) {
            case "client" -> " · on this client";
            case "gateway" -> " · on the gateway";
            default -> "";
        };
        line(DIM, "⚙ " + start.name() + (start.arguments().isBlank() ? "" : " " + shorten(start.arguments(), TOOL_WIDTH))
                + where);
    }

    /** A tool finished: ✓ or ✗, how long it took and the start of its result. */
    synchronized void toolEnd(ServerFrame.ToolEnd end) {
        enter(Segment.NONE);
        line(end.isError() ? WARNING : DIM, "  " + (end.isError() ? "✗ " : "✓ ") + end.name()
                + (end.duration() == null ? "" : " · " + duration(end.duration()))
                + (end.summary().isBlank() ? "" : " · " + shorten(end.summary(), TOOL_WIDTH)));
    }

    /** What the model is told it remembers of the person, so they can see why it knows something. */
    synchronized void memory(ServerFrame.ContextMemory memory) {
        enter(Segment.NONE);
        if (!memory.preferences().isEmpty()) {
            line(DIM, "◇ your preferences: " + String.join(", ", memory.preferences()));
        }
        memory.insights().forEach(insight -> line(DIM, "◇ remembered: " + shorten(insight, TOOL_WIDTH)));
        if (memory.unavailable() != null) {
            line(WARNING, "◇ " + memory.unavailable());
        }
    }

    /** The tools the gateway would not take from this client, and why; nothing when it took them all. */
    synchronized void toolsRefused(ServerFrame.ToolsOffered offered) {
        offered.refused().forEach(refusal -> line(WARNING, "the gateway did not take this client's tool "
                + refusal.name() + (refusal.reason() == null ? "" : ": " + refusal.reason())));
    }

    /** A model failed mid-answer; another goes on, in the same answer. */
    synchronized void failover(ServerFrame.RoutingFailover failover) {
        startLine();
        write(DIM, "↷ " + failover.from() + " stopped (" + failover.cause() + "); " + failover.to() + " goes on\n");
        flush();
    }

    synchronized void newConversation(String conversationId) {
        line(DIM, "new conversation " + conversationId + " (resume it later with -c " + conversationId + ")");
    }

    synchronized void delta(ServerFrame.MessageDelta delta) {
        switch (delta.kind()) {
            case TEXT -> {
                enter(Segment.TEXT);
                write(PLAIN, delta.text());
            }
            case THINKING -> {
                enter(Segment.THINKING);
                thinking(delta.text());
            }
            case TOOL_CALL -> {
                if (delta.toolName() != null || segment != Segment.TOOL_CALL) {
                    enter(Segment.NONE); // closes the call before, if any
                    startLine();
                    write(TOOL, "⚙ " + (delta.toolName() == null ? "tool" : delta.toolName()) + "(");
                    segment = Segment.TOOL_CALL;
                }
                write(TOOL, delta.text());
            }
            case OTHER -> { } // a kind added after this client was written
        }
        flush();
    }

    /**
     * That the conversation was compacted before this answer. Dim when a checkpoint now summarizes
     * the oldest messages; a warning when they were left out, since the model no longer sees them.
     */
    synchronized void compacted(ServerFrame.ContextCompacted compacted) {
        int covered = compacted.messagesCovered();
        String oldest = covered == 1 ? "the oldest message" : "the " + covered + " oldest messages";
        String tokens = String.format(Locale.ROOT, "%,d → %,d tokens", compacted.tokensBefore(),
                compacted.tokensAfter()) + (compacted.contextWindow() > 0
                        ? String.format(Locale.ROOT, " of %,d", compacted.contextWindow()) : "");
        if (compacted.summarized()) {
            line(DIM, "⋯ context: " + oldest + (covered == 1 ? " is" : " are") + " now a checkpoint summary (" + tokens
                    + ")");
        } else {
            String note = compacted.note() == null || compacted.note().isBlank()
                    ? oldest + (covered == 1 ? " was" : " were") + " left out" : compacted.note();
            line(WARNING, "⋯ context: " + note + " (" + tokens + ")");
        }
    }

    /** Ends an answer: a marker when it is partial, then a dim footer with tokens and timing. */
    synchronized void end(Reply reply) {
        enter(Segment.NONE);
        startLine();
        if (reply.error() != null && STEP_LIMIT.equals(reply.error().code())) {
            line(WARNING, "[stopped: the agent reached its limit of tool steps"
                    + (reply.error().message() == null || reply.error().message().isBlank() ? ""
                            : " (" + reply.error().message() + ")") + "]");
        } else if (reply.isPartial()) {
            String why = reply.error() != null ? reply.error().toString()
                    : reply.stopReason() != null ? reply.stopReason() : reply.status();
            line(WARNING, "[partial: " + why + "]");
        }
        line(DIM, footer(reply));
    }

    /** Ends an answer that will not finish here: closes what is open, so the next output starts clean. */
    synchronized void abandon() {
        enter(Segment.NONE);
        startLine();
        flush();
    }

    /** The earlier messages of a conversation being resumed. */
    synchronized void history(ServerFrame.History history) {
        String title = history.title() == null || history.title().isBlank() ? "" : " “" + history.title() + "”";
        line(DIM, "conversation " + history.conversationId() + title + ", " + history.messages().size() + " messages");
        for (StoredMessage message : history.messages()) {
            switch (message.role() == null ? "" : message.role()) {
                case "user" -> {
                    write(STRONG, "you› ");
                    write(PLAIN, message.text());
                    startLine();
                }
                case "assistant" -> {
                    line(STRONG, "▸ " + message.provider() + "/" + message.model());
                    if (!message.thinking().isEmpty()) {
                        thinking(message.thinking());
                        startLine();
                    }
                    message.toolCalls().forEach(call -> line(TOOL, "⚙ " + call.name() + "(" + call.arguments() + ")"));
                    write(PLAIN, message.text());
                    startLine();
                    if ("streaming".equals(message.status())) {
                        line(WARNING, "[still being written]");
                    } else if (message.isPartial()) {
                        line(WARNING, "[partial: " + (message.error() != null ? message.error() : message.stopReason())
                                + "]");
                    }
                }
                default -> message.toolResults().forEach(result -> line(result.isError() ? ERROR : TOOL,
                        "⚙ result " + result.toolCallId() + ": " + result.content()));
            }
        }
        if (history.replyInProgress()) {
            line(DIM, "a reply is still being written in this conversation; it is shown here once it ends");
        }
        line(DIM, "── continuing this conversation ──");
    }

    /**
     * Search results, numbered from 1 to pick from: where each message is (conversation, who wrote
     * it, when), then its snippet with the matches highlighted.
     */
    synchronized void searchResults(String query, GatewayApi.Page<GatewayApi.SearchHit> results) {
        List<GatewayApi.SearchHit> hits = results.items();
        if (hits.isEmpty()) {
            line(DIM, "no messages match " + quoted(query));
            return;
        }
        line(DIM, count(results.total(), "message") + (results.total() == 1 ? " matches " : " match ") + quoted(query)
                + ":");
        String indent = " ".repeat(number(hits.size(), hits.size()).length());
        for (int i = 0; i < hits.size(); i++) {
            GatewayApi.SearchHit hit = hits.get(i);
            write(PLAIN, number(i + 1, hits.size()));
            write(STRONG, title(hit.conversationTitle()));
            write(DIM, (hit.role() == null ? "" : " · " + ("user".equals(hit.role()) ? "you" : hit.role()))
                    + when(" · ", hit.createdAt()));
            write(PLAIN, "\n");
            // A snippet may span lines of its message; one line per result keeps the list readable.
            String snippet = hit.snippet().strip().replaceAll("\\s+", " ");
            write(PLAIN, indent);
            if (ansi) {
                out.write(highlight(snippet).toAnsi());
            } else {
                write(PLAIN, snippet);
            }
            write(PLAIN, "\n");
        }
        if (results.hasMore()) {
            line(WARNING, "showing " + hits.size() + " of " + results.total() + "; refine the query");
        }
        line(DIM, "pick a number to resume that conversation, or press Enter to go back");
    }

    /** Recent conversations, numbered from 1 to pick from; {@code current} (may be {@code null}) is marked. */
    synchronized void conversations(GatewayApi.Page<GatewayApi.ConversationSummary> page, String current) {
        List<GatewayApi.ConversationSummary> conversations = page.items();
        if (conversations.isEmpty()) {
            line(DIM, "no conversations yet: send a message to start one");
            return;
        }
        line(DIM, "recent conversations:");
        for (int i = 0; i < conversations.size(); i++) {
            GatewayApi.ConversationSummary conversation = conversations.get(i);
            write(PLAIN, number(i + 1, conversations.size()));
            write(STRONG, title(conversation.title()));
            write(DIM, " · " + count(conversation.messages(), "message")
                    + when(" · last active ", conversation.lastActivity()));
            if (conversation.conversationId() != null && conversation.conversationId().equals(current)) {
                write(DIM, " (current)");
            }
            write(PLAIN, "\n");
        }
        if (page.hasMore()) {
            line(DIM, "showing " + conversations.size() + " of " + page.total() + "; /search finds older ones");
        }
        line(DIM, "pick a number to resume that conversation, or press Enter to cancel");
    }

    /** The snippet's text without its {@code «»} markers, the matches between them highlighted. */
    static AttributedString highlight(String snippet) {
        AttributedStringBuilder text = new AttributedStringBuilder();
        boolean inMatch = false;
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            if (c == '«' && !inMatch) {
                inMatch = true;
            } else if (c == '»' && inMatch) {
                inMatch = false;
            } else {
                text.style(inMatch ? MATCH : PLAIN).append(c);
            }
        }
        return text.toAttributedString();
    }

    /**
     * {@code /provider}: a table of the configured providers, their health and whether the user
     * stored a key of their own for each ({@code credentials} is {@code null} when that is unknown).
     */
    synchronized void providers(List<GatewayApi.ProviderHealth> health, List<GatewayApi.Credential> credentials) {
        if (health.isEmpty()) {
            line(DIM, "no providers are configured: answers are simulated");
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("provider", "status", "latency", "circuit", "your key", "last error"));
            for (GatewayApi.ProviderHealth provider : health) {
                rows.add(List.of(orNone(provider.provider()), orNone(provider.status()),
                        provider.latencyMs() == null ? NONE : String.format(Locale.ROOT, "%,d ms", provider.latencyMs()),
                        orNone(provider.circuit()), credentials == null ? "?" : keys(credentials, provider.provider()),
                        provider.lastError() == null || provider.lastError().isBlank() ? NONE
                                : shorten(provider.lastError(), ERROR_WIDTH)));
            }
            int[] widths = widths(rows);
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    AttributedStyle style = r == 0 ? DIM : switch (c) {
                        case 0 -> STRONG;
                        case 1 -> status(row.get(c));
                        default -> NONE.equals(row.get(c)) ? DIM : PLAIN;
                    };
                    cell(style, row.get(c), c == row.size() - 1 ? 0 : widths[c]);
                }
                write(PLAIN, "\n");
            }
        }
        if (credentials == null) {
            flush();
            return;
        }
        List<String> elsewhere = credentials.stream()
                .filter(key -> health.stream().noneMatch(p -> same(p.provider(), key.provider())))
                .map(key -> orNone(key.provider()) + " (" + hint(key) + ")").toList();
        if (!elsewhere.isEmpty()) {
            // The gateway has no key of its own for these; yours answer you when it chooses automatically.
            line(DIM, "your own keys for other providers: " + String.join(", ", elsewhere));
        }
        flush();
    }

    /**
     * {@code /model}: the catalog grouped by provider, one line per model with its tier, context
     * window, maximum output, prices per million tokens and capabilities. {@code filter} (may be
     * {@code null}) is what the list was filtered by.
     */
    synchronized void models(List<GatewayApi.Model> models, String filter) {
        boolean filtered = filter != null && !filter.isBlank();
        if (models.isEmpty()) {
            line(DIM, filtered ? "no models match " + quoted(filter.strip()) : "the catalog is empty");
            return;
        }
        line(DIM, count(models.size(), "model") + (filtered ? (models.size() == 1 ? " matches " : " match ")
                + quoted(filter.strip()) : "") + ":");
        Map<String, List<List<String>>> groups = new LinkedHashMap<>();
        List<List<String>> all = new ArrayList<>();
        List<String> header = List.of("  model", "tier", "context", "output", "$ per M tokens in / out", "capabilities");
        all.add(header);
        for (GatewayApi.Model model : models) {
            List<String> row = List.of("  " + orNone(model.id()), orNone(model.tier()), tokens(model.contextWindow()),
                    tokens(model.maxOutput()), price(model.price()),
                    model.capabilities().isEmpty() ? NONE : String.join(", ", model.capabilities()));
            groups.computeIfAbsent(orNone(model.provider()), provider -> new ArrayList<>()).add(row);
            all.add(row);
        }
        int[] widths = widths(all);
        row(DIM, header, widths);
        groups.forEach((provider, rows) -> {
            line(STRONG, provider);
            rows.forEach(row -> row(PLAIN, row, widths));
        });
        flush();
    }

    /** {@code 200000} → {@code 200K}, {@code 1000000} → {@code 1M}, {@code 8192} → {@code 8.2K}; {@code ?} when unknown. */
    static String tokens(Integer count) {
        if (count == null || count <= 0) {
            return "?";
        }
        if (count >= 1_000_000) {
            return compact(count / 1_000_000.0) + "M";
        }
        if (count >= 1_000) {
            return compact(count / 1_000.0) + "K";
        }
        return String.valueOf(count);
    }

    /**
     * Prices per million tokens: {@code $3 / $15, cached $0.30}; {@code free} for zero, {@code ?}
     * when unknown, and the cached price only when it is known.
     */
    static String price(GatewayApi.Price price) {
        if (isZero(price.input()) && isZero(price.output()) && (price.cachedInput() == null || isZero(price.cachedInput()))) {
            return "free";
        }
        if (price.input() == null && price.output() == null && price.cachedInput() == null) {
            return "?";
        }
        return dollars(price.input()) + " / " + dollars(price.output())
                + (price.cachedInput() == null ? "" : ", cached " + dollars(price.cachedInput()));
    }

    /** {@code $3}, {@code $0.30}, {@code $0.075}, {@code $1.25}; {@code free} for zero, {@code ?} when unknown. */
    static String dollars(BigDecimal amount) {
        if (amount == null) {
            return "?";
        }
        if (isZero(amount)) {
            return "free";
        }
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.scale() <= 0) {
            return "$" + exact.toPlainString();
        }
        return "$" + (exact.scale() < 2 ? exact.setScale(2, RoundingMode.UNNECESSARY) : exact).toPlainString();
    }

    /** One line of text at most {@code width} characters long, cut with {@code …}. */
    static String shorten(String text, int width) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= width ? line : line.substring(0, width - 1).stripTrailing() + "…";
    }

    private static boolean isZero(BigDecimal amount) {
        return amount != null && amount.signum() == 0;
    }

    private static String compact(double value) {
        return value >= 10 || value == Math.rint(value) ? String.valueOf(Math.round(value))
                : String.format(Locale.ROOT, "%.1f", value).replaceAll("\\.0$", "");
    }

    private static String keys(List<GatewayApi.Credential> credentials, String provider) {
        List<String> hints = credentials.stream().filter(key -> same(key.provider(), provider))
                .map(Renderer::hint).toList();
        return hints.isEmpty() ? NONE : String.join(", ", hints);
    }

    /** A key's masked hint; a login says so, since its hint names the account rather than a key. */
    private static String hint(GatewayApi.Credential key) {
        return orNone(key.hint()) + ("oauth".equals(key.kind()) ? " (login)" : "");
    }

    private static boolean same(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    private static AttributedStyle status(String status) {
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "UP" -> UP;
            case "DEGRADED" -> DEGRADED;
            case "DOWN" -> DOWN;
            default -> DIM;
        };
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? NONE : text;
    }

    private static int[] widths(List<List<String>> rows) {
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        return widths;
    }

    private void row(AttributedStyle style, List<String> row, int[] widths) {
        for (int c = 0; c < row.size(); c++) {
            cell(NONE.equals(row.get(c)) || "?".equals(row.get(c)) ? DIM : style, row.get(c),
                    c == row.size() - 1 ? 0 : widths[c]);
        }
        write(PLAIN, "\n");
    }

    /** A table's cell: its text styled, then plain spaces to {@code width} and two between columns (none for the last). */
    private void cell(AttributedStyle style, String text, int width) {
        write(style, text);
        if (width > 0) {
            write(PLAIN, " ".repeat(width - text.length() + 2));
        }
    }

    /** The start of an OAuth login: the address to open, on a line of its own so that it can be copied whole. */
    synchronized void login(GatewayApi.OAuthLogin login) {
        line(PLAIN, "to log in to " + login.provider() + ", open this address in a browser"
                + (login.expiresAt() == null ? "" : " before " + time(login.expiresAt())) + ":");
        line(PLAIN, login.authorizationUrl());
    }

    /** {@code expiresAt} is the access token's; {@code null} when the gateway did not say. */
    synchronized void loggedIn(String provider, Instant expiresAt) {
        line(STRONG, "logged in to " + provider + " with OAuth" + (expiresAt == null ? ""
                : " (token expires " + time(expiresAt) + ", refreshed automatically)"));
    }

    /** The time of day, with the date too when it is more than a day away. */
    private String time(Instant instant) {
        Duration away = Duration.between(Instant.now(), instant).abs();
        return (away.compareTo(Duration.ofDays(1)) < 0 ? times : dates).format(instant);
    }

    /** {@code /agent new}: the agent the gateway created. */
    synchronized void agentCreated(GatewayApi.Agent agent) {
        line(STRONG, "created agent " + agent(agent.name(), agent.version()));
        line(DIM, "  model: " + (agent.defaultModel() == null ? "routed" : agent.defaultModel()) + " · tools: "
                + (agent.tools().isEmpty() ? "none" : String.join(", ", agent.tools())) + " · switch to it with /agent "
                + agent.name());
    }

    /** {@code /stats}: what the conversation has used so far. */
    synchronized void preferences(List<GatewayApi.Preference> preferences) {
        if (preferences.isEmpty()) {
            line(DIM, "no preferences yet: /prefs KEY VALUE sets one (e.g. /prefs language German)");
        }
        preferences.forEach(p -> line(PLAIN, "  " + p.key() + " = " + p.value()));
    }

    synchronized void insights(List<GatewayApi.Insight> insights) {
        if (insights.isEmpty()) {
            line(DIM, "nothing remembered");
        }
        insights.forEach(i -> line(PLAIN, "  " + i.id() + "  " + (i.similarity() == null ? ""
                : String.format(Locale.ROOT, "(%.2f) ", i.similarity())) + shorten(i.text(), TOOL_WIDTH)));
    }

    synchronized void stats(GatewayApi.Metrics metrics) {
        Usage tokens = metrics.tokens();
        String cost = metrics.costUsd() == null ? "unknown"
                : metrics.costComplete() ? cost(metrics.costUsd())
                : "at least " + cost(metrics.costUsd()) + " (some models' prices are unknown)";
        List<List<String>> rows = List.of(
                List.of("turns", String.format(Locale.ROOT, "%,d", metrics.turns())),
                List.of("tokens", String.format(Locale.ROOT, "%,d in / %,d out", tokens.inputTokens(),
                        tokens.outputTokens()) + (tokens.cachedInputTokens() > 0
                                ? String.format(Locale.ROOT, " (%,d cached)", tokens.cachedInputTokens()) : "")),
                List.of("cost", cost),
                List.of("switches", switches(metrics.modelSwitches(), "model") + " · "
                        + switches(metrics.agentSwitches(), "agent")),
                List.of("tool calls", String.format(Locale.ROOT, "%,d", metrics.toolCalls())),
                List.of("active", elapsed(metrics.activeDuration())));
        line(DIM, "conversation " + metrics.conversationId() + ":");
        int width = rows.stream().mapToInt(row -> row.getFirst().length()).max().orElse(0);
        for (List<String> row : rows) {
            write(PLAIN, "  ");
            cell(DIM, row.get(0), width);
            write("unknown".equals(row.get(1)) ? DIM : PLAIN, row.get(1));
            write(PLAIN, "\n");
        }
        flush();
    }

    /** {@code $0.0123}, {@code $1.50}: cents at least, and the fractions of a cent small conversations cost. */
    static String cost(BigDecimal dollars) {
        BigDecimal rounded = dollars.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return "$" + (rounded.scale() < 2 ? rounded.setScale(2, RoundingMode.UNNECESSARY) : rounded).toPlainString();
    }

    /** {@code 340 ms}, {@code 12.4 s}, {@code 3 min 12 s}, {@code 1 h 5 min}. */
    static String elapsed(Duration duration) {
        if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
            return duration(duration);
        }
        if (duration.compareTo(Duration.ofHours(1)) < 0) {
            return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
        }
        return duration.toHours() + " h " + duration.toMinutesPart() + " min";
    }

    private static String switches(int count, String of) {
        return String.format(Locale.ROOT, "%,d %s %s", count, of, count == 1 ? "switch" : "switches");
    }

    private static String agent(String name, int version) {
        return name + (version > 0 ? " v" + version : "");
    }

    /** Text for the user as is, such as a command's answer. */
    synchronized void text(String text) {
        startLine();
        write(PLAIN, text);
        startLine();
        flush();
    }

    /** A message another client sent in this conversation. */
    synchronized void othersMessage(ServerFrame.MessageStored stored) {
        write(STRONG, "you (another client)› ");
        write(PLAIN, stored.text());
        startLine();
        flush();
    }

    /** The reply to another client's message, whole, once it ended. */
    synchronized void othersReply(ServerFrame.MessageEnd end, String text) {
        line(STRONG, "▸ " + end.provider() + "/" + end.model());
        write(PLAIN, text);
        startLine();
        if (!"complete".equals(end.status())) {
            line(WARNING, "[partial: " + (end.error() != null ? end.error() : end.stopReason()) + "]");
        }
        flush();
    }

    synchronized void notice(String text) {
        line(DIM, text);
    }

    synchronized void warning(String text) {
        line(WARNING, text);
    }

    synchronized void error(String text) {
        line(ERROR, "error: " + text);
    }

    static String footer(Reply reply) {
        List<String> parts = new ArrayList<>();
        Usage usage = reply.usage() == null ? Usage.NONE : reply.usage();
        parts.add(String.format(Locale.ROOT, "%,d in / %,d out tokens", usage.inputTokens(), usage.outputTokens())
                + (usage.cachedInputTokens() > 0
                        ? String.format(Locale.ROOT, " (%,d cached)", usage.cachedInputTokens()) : ""));
        Timing timing = reply.timing() == null ? Timing.NONE : reply.timing();
        parts.add(timing.timeToFirstToken() == null ? "no tokens"
                : "first token " + duration(timing.timeToFirstToken()));
        if (timing.duration() != null) {
            parts.add(duration(timing.duration()) + " total");
        }
        if (!reply.isPartial() && reply.stopReason() != null && !reply.stopReason().equals("end_turn")) {
            parts.add("stopped: " + reply.stopReason());
        }
        return "[" + String.join(" · ", parts) + "]";
    }

    private String when(String prefix, Instant instant) {
        return instant == null ? "" : prefix + dates.format(instant);
    }

    private static String number(int n, int last) {
        return String.format(Locale.ROOT, "%" + String.valueOf(last).length() + "d. ", n);
    }

    private static String title(String title) {
        return title == null || title.isBlank() ? "(untitled)" : title;
    }

    private static String quoted(String text) {
        return "“" + text + "”";
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Switches to a kind of output, closing an open tool call and starting a line when the kind changes. */
    private void enter(Segment next) {
        if (segment == next) {
            return;
        }
        if (segment == Segment.TOOL_CALL) {
            write(TOOL, ")");
        }
        if (segment != Segment.NONE || next == Segment.THINKING) {
            startLine();
        }
        segment = next;
    }

    /** Thinking is dim, and each of its lines starts with a marker so that it never reads as the answer. */
    private void thinking(String text) {
        int from = 0;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 ? text.length() : newline + 1;
            if (atLineStart) {
                write(DIM, THINKING_PREFIX);
            }
            write(DIM, text.substring(from, to));
            from = to;
        }
    }

    private void line(AttributedStyle style, String text) {
        startLine();
        write(style, text);
        write(PLAIN, "\n");
        flush();
    }

    private void startLine() {
        if (!atLineStart) {
            write(PLAIN, "\n");
        }
    }

    private void write(AttributedStyle style, String text) {
        if (text.isEmpty()) {
            return;
        }
        out.write(ansi && style != PLAIN ? new AttributedString(text, style).toAnsi() : text);
        atLineStart = text.endsWith("\n");
    }

    private void flush() {
        out.flush();
    }
}

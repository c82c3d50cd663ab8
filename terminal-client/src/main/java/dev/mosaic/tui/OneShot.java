package dev.mosaic.tui;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code -m}: one message, for scripts. The answer's text goes to stdout as it streams and nothing
 * else does; which model answered, whether the context was compacted, the tools the model ran, the
 * conversation id, the footer and errors go to stderr. The model may use the reading
 * {@link ClientTools}; with nobody to ask, a tool that would write is refused.
 */
final class OneShot {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private OneShot() {}

    static int run(Options options, Path workingDirectory, InputStream in, PrintStream out, PrintStream err) {
        String text;
        try {
            text = options.message().equals("-") ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    : options.message();
        } catch (IOException e) {
            err.println("mosaic client: cannot read the message from stdin: " + e.getMessage());
            return TerminalClient.FAILED;
        }
        if (text.isBlank()) {
            err.println("mosaic client: the message is empty");
            return TerminalClient.USAGE;
        }
        Renderer info = new Renderer(new PrintWriter(err, true, StandardCharsets.UTF_8), false);
        ChatSession.Tools tools = ChatSession.Tools.NONE;
        try {
            tools = new ClientTools(workingDirectory, ClientTools.NO_ONE_TO_ASK);
        } catch (IOException e) {
            info.warning("the model cannot use this client's file tools: " + e.getMessage());
        }
        ChatSession.Events events = new ChatSession.Events() {
            @Override
            public void onSessionInfo(ServerFrame.SessionInfo sessionInfo) {
                info.header(sessionInfo);
            }

            @Override
            public void onContextCompacted(ServerFrame.ContextCompacted compacted) {
                info.compacted(compacted);
            }

            @Override
            public void onToolStart(ServerFrame.ToolStart start) {
                info.toolStart(start);
            }

            @Override
            public void onToolEnd(ServerFrame.ToolEnd end) {
                info.toolEnd(end);
            }

            @Override
            public void onToolsOffered(ServerFrame.ToolsOffered offered) {
                info.toolsRefused(offered);
            }

            /** The message the last text came from, and whether that text ended a line. */
            private String lastMessage;
            private boolean lineEnded = true;

            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                if (delta.kind() == ServerFrame.DeltaKind.TEXT && !delta.text().isEmpty()) {
                    if (!lineEnded && !Objects.equals(lastMessage, delta.messageId())) {
                        out.println(); // the answer after a tool call begins a new line, as in the reply's text
                    }
                    out.print(delta.text());
                    out.flush();
                    lastMessage = delta.messageId();
                    lineEnded = delta.text().endsWith("\n");
                }
            }
        };
        try (ChatSession session = ChatSession.connect(options.url(), options.token(), TIMEOUT, events, tools)) {
            if (options.conversationId() != null) {
                try {
                    session.open(options.conversationId()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    err.println("mosaic client: cannot continue conversation " + options.conversationId() + ": "
                            + e.getCause().getMessage());
                    return TerminalClient.FAILED;
                }
            }
            Reply reply = session.send(text).get();
            if (!reply.text().isEmpty() && !reply.text().endsWith("\n")) {
                out.println();
            }
            out.flush();
            info.end(reply);
            info.notice("conversation " + reply.conversationId());
            return reply.isPartial() ? TerminalClient.PARTIAL : TerminalClient.OK;
        } catch (GatewayConnectException e) {
            err.println("mosaic client: " + e.getMessage());
        } catch (ExecutionException e) {
            err.println("mosaic client: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            err.println("mosaic client: the gateway did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mosaic client: interrupted");
        }
        return TerminalClient.FAILED;
    }
}

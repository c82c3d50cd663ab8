package dev.mosaic.adapters.in.web;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.ChannelAdapter;
import dev.mosaic.application.event.ConversationEvent;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.util.List;
import java.util.function.Function;

/**
 * Builds and starts the gateway's web server: the channels it carries (the chat WebSocket), the
 * REST API and the health endpoints, all on one port.
 */
public final class GatewayServer {

    static final String WEBSOCKET_PATH = "/v1/ws";

    private final GatewayUseCases useCases;
    private final ServerFrames frames = new ServerFrames(WebJson.mapper());
    private final GatewayMetrics metrics;
    private final HttpJson http;

    private GatewayServer(GatewayUseCases useCases, int maxBodyBytes, List<MetricGauge> gauges) {
        this.useCases = useCases;
        this.metrics = new GatewayMetrics(gauges);
        this.http = new HttpJson(frames, useCases.authenticate(), metrics, maxBodyBytes);
    }

    /** The listening server and the channels it carries. */
    public record Running(WebServer server, List<ChannelAdapter> channels) {
        public int port() {
            return server.port();
        }

        /** Stops the channels first, so that their clients are told, then the server. */
        public void stop() {
            channels.forEach(ChannelAdapter::stop);
            server.stop();
        }
    }

    /**
     * Starts listening and starts its channels; the caller stops what it returns.
     *
     * @param gauges values from elsewhere in the gateway to serve with its metrics
     */
    /** How the gateway's clients see a conversation's event: the frame a watcher is sent as it is (docs/protocol/websocket.md). */
    public static Function<ConversationEvent, String> frames() {
        return new ServerFrames(WebJson.mapper())::event;
    }

    public static Running start(WebConfig config, GatewayUseCases useCases, List<ReadinessCheck> readiness,
            List<MetricGauge> gauges) {
        GatewayServer gateway = new GatewayServer(useCases, config.maxBodyBytes(), gauges);
        WebSocketChannel webSocket = new WebSocketChannel(useCases, gateway.frames, gateway.metrics, config.maxFrameBytes());
        OpenAiChannel openAi = new OpenAiChannel(useCases, gateway.frames, gateway.metrics);
        AnthropicChannel anthropic = new AnthropicChannel(useCases, gateway.frames, gateway.metrics);
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                // Deltas are small writes that must leave at once; Nagle's algorithm would hold them
                // back for up to the peer's delayed-ACK time (about 40 ms).
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // Helidon closes a connection whose frame is over its own limit; keep that limit well
                // above ours so that a moderately oversized message gets a clear error and the
                // connection stays usable.
                .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(config.maxFrameBytes() * 4).build())
                // Helidon refuses a longer body (413) as soon as its length is known, from the header or
                // while reading chunks, so no handler ever holds more than this in memory.
                .maxPayloadSize(config.maxBodyBytes())
                .directHandlers(FrameworkErrors.handlers(gateway.http))
                .featuresDiscoverServices(false)
                .addFeature(Observability.feature(readiness, gateway.metrics.registry()))
                // Anthropic's first: it answers GET /v1/models for its own clients and passes the others on.
                .routing(rules -> gateway.server(rules.register(AnthropicChannel.PATH, anthropic)
                        .register(OpenAiChannel.PATH, openAi)))
                .addRouting(WsRouting.builder().endpoint(WEBSOCKET_PATH, webSocket::connect))
                .build()
                .start();
        List<ChannelAdapter> channels = List.of(webSocket, openAi, anthropic);
        channels.forEach(ChannelAdapter::start);
        return new Running(server, channels);
    }

    /** What every route shares: how refusals are answered, and metrics that stop with the server. */
    private void server(HttpRouting.Builder rules) {
        rules.addFeature(metrics::closedWithServer)
                .error(Refused.class, (req, res, refused) -> http.error(res, refused.status(), refused.rejection()));
        routing(rules);
    }

    private void routing(HttpRouting.Builder rules) {
        rules.get(WEBSOCKET_PATH, this::notUpgraded)
                .get("/api/providers/health", this::providerHealth)
                .get("/api/models", this::models)
                .get("/api/tools", this::tools)
                .register("/api/conversations", new ConversationsResource(useCases, http))
                .register("/api/agents", new AgentsResource(useCases.manageAgents(), http))
                .register("/api/routing", new RoutingResource(useCases.manageRoutingRules(), useCases.explainRouting(), http))
                .register("/api/providers", new ProvidersResource(useCases.manageCredentials(), useCases.loginWithOAuth(), http))
                .register("/api/admin", new JobsResource(useCases.manageJobs(), http))
                .register("/api/memory", new MemoryResource(useCases.manageMemory(), http));
    }

    private void providerHealth(ServerRequest req, ServerResponse res) {
        if (http.authenticated(req, res).isEmpty()) {
            return;
        }
        http.send(res, Status.OK_200, new RestBodies.ProvidersHealth(
                useCases.providerHealth().health().stream().map(RestBodies.ProviderStatus::of).toList()));
    }

    /** The model catalog: seed metadata merged with what each provider's live list says. */
    private void models(ServerRequest req, ServerResponse res) {
        if (http.authenticated(req, res).isEmpty()) {
            return;
        }
        http.send(res, Status.OK_200,
                new RestBodies.Models(useCases.listModels().list().stream().map(RestBodies.Model::of).toList()));
    }

    /** The tools agents may name: the gateway's own (with their schemas) and the client tools. */
    private void tools(ServerRequest req, ServerResponse res) {
        if (http.authenticated(req, res).isEmpty()) {
            return;
        }
        var tools = useCases.listTools().tools();
        http.send(res, Status.OK_200, new RestBodies.Tools(tools.gateway().stream()
                .map(t -> new RestBodies.Tool(t.name(), t.description(), frames.parse(t.parametersSchema())))
                .toList(), tools.client().stream().sorted().toList()));
    }

    /** A plain GET, without a WebSocket upgrade. */
    private void notUpgraded(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(user -> http.error(res, Status.BAD_REQUEST_400,
                new Rejection(ErrorCode.BAD_FRAME, "this endpoint speaks WebSocket only; send an upgrade request")));
    }

}

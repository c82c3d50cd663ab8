/**
 * Mosaic's terminal client: a stand-alone program that speaks the gateway's WebSocket protocol
 * (docs/protocol/websocket.md) and depends on no other Mosaic module.
 *
 * <ul>
 *   <li>{@link dev.mosaic.tui.Frames}, {@link dev.mosaic.tui.ClientFrame}, {@link dev.mosaic.tui.ServerFrame}:
 *       the wire format.</li>
 *   <li>{@link dev.mosaic.tui.GatewayConnection}: one WebSocket to the gateway (authentication,
 *       reassembly of fragmented messages, serialised sends, close reasons).</li>
 *   <li>{@link dev.mosaic.tui.ChatSession}: the conversation API on top of it (futures for replies,
 *       histories and commands; live events for a UI). It has no terminal dependency and is what
 *       end-to-end tests drive.</li>
 *   <li>{@link dev.mosaic.tui.GatewayApi}: the REST calls the client makes (list and search
 *       conversations, agents, metrics), on the same host and port as the WebSocket.</li>
 *   <li>{@link dev.mosaic.tui.ClientTools}: the tools the client runs for the model, confined to
 *       its working directory.</li>
 *   <li>{@link dev.mosaic.tui.TerminalClient}: the JLine program.</li>
 * </ul>
 */
package dev.mosaic.tui;

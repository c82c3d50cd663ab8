/**
 * Inbound adapter: the gateway's HTTP side on Helidon SE. The chat WebSocket ({@code /v1/ws}, see
 * docs/protocol/websocket.md), the REST API under {@code /api}, and the health and metrics
 * endpoints. It maps wire frames to use-case calls and outcomes back to frames; no decision is made
 * here.
 */
package dev.mosaic.adapters.in.web;

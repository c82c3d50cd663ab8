/**
 * Outbound adapters for model providers: one {@link dev.mosaic.application.port.out.provider.ChatProvider}
 * per wire protocol (in sub-packages), plus what they share. {@link dev.mosaic.adapters.out.providers.ProviderTransport}
 * makes the HTTP calls, streams them (server-sent events or newline-delimited JSON) with first-byte and
 * idle timeouts and cancellation, and maps connection failures; each protocol contributes a
 * {@link dev.mosaic.adapters.out.providers.StreamDecoder}, which reads its events into a
 * {@link dev.mosaic.adapters.out.providers.ReplyBuilder}, and the mapping of its error bodies, which
 * {@link dev.mosaic.adapters.out.providers.ProviderErrors} words alike for all and keeps free of credentials.
 */
package dev.mosaic.adapters.out.providers;

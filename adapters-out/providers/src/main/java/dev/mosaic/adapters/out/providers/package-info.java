/**
 * Outbound adapters for model providers: one {@link dev.mosaic.application.port.out.provider.ChatProvider}
 * per wire protocol (in sub-packages), plus what they share, such as the HTTP client.
 */
package dev.mosaic.adapters.out.providers;

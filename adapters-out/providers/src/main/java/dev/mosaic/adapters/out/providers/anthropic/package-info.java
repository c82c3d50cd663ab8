/**
 * The Anthropic Messages protocol ({@code POST /v1/messages} with {@code stream:true}, typed
 * server-sent events), spoken by Anthropic and by vendors offering a compatible endpoint. One
 * adapter, {@link dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter}, configured
 * per vendor by {@link dev.mosaic.adapters.out.providers.anthropic.AnthropicConfig}; it sends
 * thinking back with its signature, and tolerates event, block and delta types it does not know.
 */
package dev.mosaic.adapters.out.providers.anthropic;

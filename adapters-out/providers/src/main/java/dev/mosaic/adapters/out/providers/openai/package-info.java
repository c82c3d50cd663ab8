/**
 * The OpenAI protocols. Chat Completions ({@code POST /chat/completions} with {@code stream:true})
 * is spoken by OpenAI and by many others with small quirks (OpenRouter, Z.ai, Ollama's {@code /v1},
 * the Mosaic simulator); Responses ({@code POST /responses}, typed events) by OpenAI and a few
 * compatible servers. One adapter per protocol, both configured per vendor by
 * {@link dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig}, sharing authentication and
 * error mapping; both tolerate fields, chunk shapes and events they do not know.
 */
package dev.mosaic.adapters.out.providers.openai;

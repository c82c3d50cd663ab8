/**
 * The OpenAI Chat Completions protocol ({@code POST /chat/completions} with {@code stream:true}),
 * spoken by OpenAI and by many others with small quirks (OpenRouter, Z.ai, Ollama's {@code /v1},
 * the Mosaic simulator). One adapter serves them all, configured per vendor by
 * {@link dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig}; it tolerates fields and chunk
 * shapes it does not know.
 */
package dev.mosaic.adapters.out.providers.openai;

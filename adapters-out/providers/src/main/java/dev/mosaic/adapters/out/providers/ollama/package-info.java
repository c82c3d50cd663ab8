/**
 * Ollama's native chat protocol ({@code POST /api/chat}, newline-delimited JSON), with the model
 * list ({@code /api/tags}) and model details ({@code /api/show}) the gateway needs around it. One
 * adapter, {@link dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter}, configured by
 * {@link dev.mosaic.adapters.out.providers.ollama.OllamaConfig}. (Ollama's OpenAI-compatible
 * {@code /v1} is served by the Chat Completions adapter instead.)
 */
package dev.mosaic.adapters.out.providers.ollama;

/**
 * A stand-in model provider: a real HTTP server speaking OpenAI Chat Completions, the OpenAI
 * Responses API, Anthropic Messages and Ollama's native API (streaming and not), used as the
 * gateway's offline default provider, by end-to-end tests and by the relay benchmark. It depends on
 * no other Mosaic module, so it only knows the wire protocols.
 *
 * <p>Replies are either the default one, which echoes the conversation so a person can verify what
 * context the gateway sent (and which obeys {@code #sim:} directives in the user's text), or
 * {@link dev.mosaic.simulator.Reply scripted} by a test, including failures.
 */
package dev.mosaic.simulator;

/**
 * Outbound adapters for the embedding port: {@link dev.mosaic.adapters.out.embeddings.OnnxEmbeddingModel}
 * (bge-small-en-v1.5 in process, the default: no server, no network),
 * {@link dev.mosaic.adapters.out.embeddings.OllamaEmbeddingModel} ({@code POST /api/embed}) and
 * {@link dev.mosaic.adapters.out.embeddings.OpenAiCompatibleEmbeddingModel} ({@code POST /embeddings}).
 *
 * <p>All three treat input the same way, so swapping one for another changes no caller: an empty
 * list gives an empty list without any work, and a null or blank text is refused with an
 * {@link java.lang.IllegalArgumentException} before anything is sent, because there is nothing in it
 * to embed (the local model's tokeniser yields no tokens for it, and OpenAI rejects it). Every
 * vector is labelled with {@code model()}, so vectors of different models are never compared.
 * See ADR 0005.
 */
package dev.mosaic.adapters.out.embeddings;

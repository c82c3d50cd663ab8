/**
 * The embedding ports: text in, vectors out ({@code EmbeddingModel}), and the acting user's stored
 * vectors ({@code EmbeddingVectors}). Every vector is labelled with the model that made it, so that
 * vectors of different models are never compared.
 */
package dev.mosaic.application.port.out.embedding;

/**
 * The embedding port: text in, vectors out, each vector labelled with the model that made it so
 * that vectors of different models are never compared.
 */
package dev.mosaic.application.port.out.embedding;

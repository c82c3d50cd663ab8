package dev.mosaic.architecture.planted.adapters.out.embeddings;

/** Present so the embeddings adapter package is not empty in the planted tree. */
public class PlantedEmbeddings {
}

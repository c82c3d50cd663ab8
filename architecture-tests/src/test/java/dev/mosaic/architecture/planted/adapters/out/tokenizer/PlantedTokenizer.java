package dev.mosaic.architecture.planted.adapters.out.tokenizer;

/** Present so the tokenizer adapter package is not empty in the planted tree. */
public class PlantedTokenizer {
}

package dev.mosaic.architecture.planted.adapters.out.crypto;

/** Present so the crypto adapter package is not empty in the planted tree. */
public class PlantedCipher {
}

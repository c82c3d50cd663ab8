package dev.mosaic.architecture.planted.adapters.out.resilience;

/** Present so the resilience adapter package is not empty in the planted tree. */
public class PlantedCircuits {
}

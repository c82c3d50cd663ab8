package dev.mosaic.application.view;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a search of the insights found.
 *
 * @param hits nearest first
 * @param model the embedding model whose vectors were searched: the active one, or while insights are
 *     embedded anew after a change of model, possibly the previous one
 * @param partial why some insights could not be found by this search, for the user; empty when every
 *     insight could be
 */
public record InsightSearch(List<InsightHit> hits, String model, Optional<String> partial) {
    public InsightSearch {
        hits = List.copyOf(hits);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(partial, "partial");
    }
}

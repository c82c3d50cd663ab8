/**
 * The model catalog's vocabulary: what Mosaic knows of each model (limits, capabilities, prices)
 * and what a provider's own model list says, which outbound adapters produce and the catalog merges.
 */
package dev.mosaic.application.catalog;

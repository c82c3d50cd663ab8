/** Outbound adapter: per-provider circuit breakers (resilience4j) fed by the outcomes of real calls. */
package dev.mosaic.adapters.out.resilience;

/** Load drivers that measure the gateway on this machine; results go to docs/benchmarks.md. */
package dev.mosaic.benchmarks;

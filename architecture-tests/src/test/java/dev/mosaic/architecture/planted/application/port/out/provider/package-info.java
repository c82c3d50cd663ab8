/** Planted provider port. */
package dev.mosaic.architecture.planted.application.port.out.provider;

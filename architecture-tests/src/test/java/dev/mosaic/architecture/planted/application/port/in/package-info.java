/** Planted inbound ports. */
package dev.mosaic.architecture.planted.application.port.in;

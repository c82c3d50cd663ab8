/** Inbound (driving) ports: what clients may ask of the gateway. Every call names the acting user. */
package dev.mosaic.application.port.in;

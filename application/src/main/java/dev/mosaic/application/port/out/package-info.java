/**
 * Outbound (driven) ports: what the use cases need from storage and messaging. Every method that
 * touches user data takes the acting user and must return nothing the user does not own.
 */
package dev.mosaic.application.port.out;

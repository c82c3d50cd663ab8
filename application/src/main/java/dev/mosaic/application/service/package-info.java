/** Implementations of the inbound ports, built only from outbound ports. */
package dev.mosaic.application.service;

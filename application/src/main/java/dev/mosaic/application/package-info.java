/**
 * Use cases of the gateway and the ports they need. Imports only the JDK and the domain.
 */
package dev.mosaic.application;

/** Users and their identity. */
package dev.mosaic.domain.user;

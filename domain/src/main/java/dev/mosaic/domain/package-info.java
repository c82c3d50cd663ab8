/**
 * The pure model of Mosaic: users, conversations and their messages. Imports only the JDK.
 */
package dev.mosaic.domain;

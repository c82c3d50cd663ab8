/** Events of a conversation as a reply is produced, delivered to the client that asked. */
package dev.mosaic.application.event;

/**
 * Conversations and their messages. A message is a list of typed content blocks (text, thinking,
 * tool call, tool result) plus, for assistant messages, how it was generated.
 */
package dev.mosaic.domain.conversation;

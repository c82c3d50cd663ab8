/**
 * A user's memory: preferences, named values applied to every conversation, and insights, facts
 * worth remembering that are found again by meaning. Each belongs to exactly one user.
 */
package dev.mosaic.domain.memory;

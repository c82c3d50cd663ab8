/** Agents: stored configurations (prompt, skills, default model, tools, capabilities) applied to conversations. */
package dev.mosaic.domain.agent;

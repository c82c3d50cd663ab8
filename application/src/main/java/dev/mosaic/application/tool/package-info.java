/** Tools the model may call: the registry, the gateway's own tools, and the loop that runs them. */
package dev.mosaic.application.tool;

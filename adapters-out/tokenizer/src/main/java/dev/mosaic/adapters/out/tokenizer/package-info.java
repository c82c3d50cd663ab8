/** Outbound adapter: counting tokens, exactly where a tokenizer library knows the model's encoding. */
package dev.mosaic.adapters.out.tokenizer;

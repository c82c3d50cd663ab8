/**
 * Outbound adapter for encryption at rest: {@link dev.mosaic.adapters.out.crypto.TinkCredentialCipher}
 * encrypts users' provider credentials with Google Tink's AEAD (AES-256-GCM) under a master key kept
 * outside the database, in an owner-only file or given by the environment (docs/adr/0006).
 */
package dev.mosaic.adapters.out.crypto;

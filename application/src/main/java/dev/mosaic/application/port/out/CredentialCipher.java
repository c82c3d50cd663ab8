package dev.mosaic.application.port.out;

/**
 * Authenticated encryption of credentials under a master key that is not kept in the database.
 *
 * <p>The associated data is not secret and not stored in the ciphertext, but decryption succeeds
 * only with the very bytes given to {@link #encrypt}: the core passes the owner and provider, so a
 * ciphertext copied into another user's row (or another provider's) cannot be decrypted there.
 */
public interface CredentialCipher {

    /** Encrypts under the current master key; the ciphertext names that key, so it stays readable after rotation. */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /**
     * @throws UndecryptableException when the ciphertext was altered, belongs with other associated
     *     data, or was made under a key this cipher does not hold
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData);

    /** Says why nothing was decrypted, never what. */
    final class UndecryptableException extends RuntimeException {
        public UndecryptableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

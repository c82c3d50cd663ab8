package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.CredentialCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A real AEAD (the JDK's AES-GCM) with key rotation, standing in for the Tink adapter in tests of
 * the core, so that what those tests say about associated data holds for real. A ciphertext is the
 * number of its key (one byte), a 12-byte nonce, then GCM's output.
 */
public final class AesGcmCipher implements CredentialCipher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private final List<SecretKey> keys = new CopyOnWriteArrayList<>();

    public AesGcmCipher() {
        rotate();
    }

    /** A new current key; the earlier ones keep decrypting. */
    public void rotate() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            keys.add(generator.generateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int currentKey() {
        return keys.size() - 1;
    }

    public static int keyOf(byte[] ciphertext) {
        return ciphertext[0];
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        int key = currentKey();
        try {
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, keys.get(key), nonce, associatedData).doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put((byte) key).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < 1 + NONCE_BYTES || keyOf(ciphertext) < 0 || keyOf(ciphertext) >= keys.size()) {
            throw new UndecryptableException("no key for this ciphertext", null);
        }
        ByteBuffer in = ByteBuffer.wrap(ciphertext, 1, ciphertext.length - 1);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        try {
            return gcm(Cipher.DECRYPT_MODE, keys.get(keyOf(ciphertext)), nonce, associatedData).doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new UndecryptableException("the ciphertext or its associated data does not match", e);
        }
    }

    private static Cipher gcm(int mode, SecretKey key, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}

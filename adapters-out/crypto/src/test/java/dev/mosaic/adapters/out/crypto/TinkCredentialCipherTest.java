package dev.mosaic.adapters.out.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.CredentialCipher.UndecryptableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TinkCredentialCipherTest {
    private static final byte[] KEY = "sk-ant-api03-very-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ALICE = "user alice / openai".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOB = "user bob / openai".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    private Path keyFile() {
        return directory.resolve("keys").resolve("master-key.json");
    }

    private TinkCredentialCipher fromFile() {
        return open(MasterKeyConfig.file(keyFile()));
    }

    /** With no credential stored yet, so a missing key file may be created. */
    private static TinkCredentialCipher open(MasterKeyConfig config) {
        return TinkCredentialCipher.open(config, () -> false);
    }

    /** Tink's output prefix: a version byte, then the four-byte id of the key that encrypted. */
    private static int keyIdOf(byte[] ciphertext) {
        assertEquals(1, ciphertext[0], "Tink's prefix");
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    private KeysetHandle keysetOnDisk() throws IOException, GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keyFile()), InsecureSecretKeyAccess.get());
    }

    @Test
    void whatIsEncryptedDecryptsAndEachEncryptionDiffers() {
        TinkCredentialCipher cipher = fromFile();

        byte[] once = cipher.encrypt(KEY, ALICE);
        byte[] twice = cipher.encrypt(KEY, ALICE);

        assertArrayEquals(KEY, cipher.decrypt(once, ALICE));
        assertArrayEquals(KEY, cipher.decrypt(twice, ALICE));
        assertFalse(Arrays.equals(once, twice), "a fresh nonce every time");
        assertFalse(new String(once, StandardCharsets.ISO_8859_1).contains("very-secret"));
    }

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {0, 3, 7, 20, -1})
    void aTamperedCiphertextDoesNotDecrypt(int position) {
        TinkCredentialCipher cipher = fromFile();
        byte[] ciphertext = cipher.encrypt(KEY, ALICE);
        int at = position < 0 ? ciphertext.length + position : position;
        ciphertext[at] ^= 0x01;

        UndecryptableException refused = assertThrows(UndecryptableException.class, () -> cipher.decrypt(ciphertext, ALICE));
        assertFalse(refused.getMessage().contains("very-secret"));
    }

    @Test
    void aTruncatedCiphertextDoesNotDecrypt() {
        TinkCredentialCipher cipher = fromFile();
        byte[] ciphertext = cipher.encrypt(KEY, ALICE);
        assertThrows(UndecryptableException.class,
                () -> cipher.decrypt(Arrays.copyOf(ciphertext, ciphertext.length - 1), ALICE));
        assertThrows(UndecryptableException.class, () -> cipher.decrypt(new byte[0], ALICE));
    }

    @Test
    void aCiphertextDoesNotDecryptWithOtherAssociatedData() {
        TinkCredentialCipher cipher = fromFile();
        byte[] ciphertext = cipher.encrypt(KEY, ALICE);

        assertThrows(UndecryptableException.class, () -> cipher.decrypt(ciphertext, BOB));
        assertThrows(UndecryptableException.class, () -> cipher.decrypt(ciphertext, new byte[0]));
        assertArrayEquals(KEY, cipher.decrypt(ciphertext, ALICE));
    }

    @Test
    void anotherMasterKeyCannotDecrypt() {
        byte[] ciphertext = fromFile().encrypt(KEY, ALICE);
        TinkCredentialCipher stranger = open(MasterKeyConfig.file(directory.resolve("other.json")));
        assertThrows(UndecryptableException.class, () -> stranger.decrypt(ciphertext, ALICE));
    }

    @Test
    void theKeyFileIsCreatedOnFirstUseForItsOwnerOnlyAndUsedFromThenOn() throws Exception {
        byte[] ciphertext = fromFile().encrypt(KEY, ALICE);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())));
        KeysetHandle keyset = keysetOnDisk();
        assertEquals(1, keyset.size());
        assertEquals(keyset.getPrimary().getId(), keyIdOf(ciphertext));
        assertArrayEquals(KEY, fromFile().decrypt(ciphertext, ALICE), "a restart reads the same key");
        try (var files = Files.list(keyFile().getParent())) {
            assertEquals(List.of(keyFile()), files.toList(), "no temporary copy of the key is left behind");
        }
    }

    @Test
    void noNewKeyIsMadeWhileCredentialsEncryptedUnderTheMissingOneAreStored() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TinkCredentialCipher.open(MasterKeyConfig.file(keyFile()), () -> true));

        assertTrue(refused.getMessage().contains("there is no master key file " + keyFile()), refused.getMessage());
        assertFalse(Files.exists(keyFile()), "nothing was created");
        byte[] ciphertext = fromFile().encrypt(KEY, ALICE);
        assertArrayEquals(KEY, TinkCredentialCipher.open(MasterKeyConfig.file(keyFile()), () -> true).decrypt(ciphertext, ALICE),
                "an existing key file opens whatever is stored");
    }

    @Test
    void gatewaysStartingTogetherOnAFreshDirectoryAgreeOnOneKey() throws Exception {
        int instances = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TinkCredentialCipher>> opened = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(instances)) {
            for (int i = 0; i < instances; i++) {
                opened.add(threads.submit(() -> {
                    start.await();
                    return fromFile();
                }));
            }
            start.countDown();
            byte[] ciphertext = opened.getFirst().get().encrypt(KEY, ALICE);
            for (Future<TinkCredentialCipher> cipher : opened) {
                assertArrayEquals(KEY, cipher.get().decrypt(ciphertext, ALICE));
            }
        }
        assertEquals(1, keysetOnDisk().size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rw-rw-rw-"})
    void aKeyFileOpenToItsGroupOrOthersIsRefused(String permissions) throws IOException {
        fromFile();
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString(permissions));

        IllegalStateException refused = assertThrows(IllegalStateException.class, this::fromFile);

        assertTrue(refused.getMessage().contains(keyFile().toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains(permissions), refused.getMessage());
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
    }

    @Test
    void aKeyFileReadableByItsOwnerOnlyIsAccepted() throws IOException {
        byte[] ciphertext = fromFile().encrypt(KEY, ALICE);
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("r--------"));
        assertArrayEquals(KEY, fromFile().decrypt(ciphertext, ALICE));
    }

    @Test
    void aKeyFileThatIsNotAKeysetIsRefusedWithoutQuotingIt() throws IOException {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), "{\"primaryKeyId\": \"hunter2\"}");
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-------"));

        IllegalStateException refused = assertThrows(IllegalStateException.class, this::fromFile);

        assertTrue(refused.getMessage().contains("is not a Tink JSON keyset"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
        assertNull(refused.getCause(), "a parser's message could quote the file");
    }

    @Test
    void rotationAddsAPrimaryKeyThatEncryptsWhileOlderCiphertextsStayReadable() throws Exception {
        TinkCredentialCipher cipher = fromFile();
        byte[] old = cipher.encrypt(KEY, ALICE);
        String keysetBefore = Files.readString(keyFile());
        int oldKey = keysetOnDisk().getPrimary().getId();

        cipher.rotate();
        byte[] fresh = cipher.encrypt(KEY, ALICE);

        KeysetHandle rotated = keysetOnDisk();
        assertEquals(2, rotated.size());
        int newKey = rotated.getPrimary().getId();
        assertNotEquals(oldKey, newKey);
        assertEquals(oldKey, keyIdOf(old));
        assertEquals(newKey, keyIdOf(fresh));
        assertArrayEquals(KEY, cipher.decrypt(old, ALICE));
        assertArrayEquals(KEY, cipher.decrypt(fresh, ALICE));
        assertArrayEquals(KEY, fromFile().decrypt(old, ALICE), "the rotated file still opens old ciphertexts");
        assertArrayEquals(KEY, fromFile().decrypt(fresh, ALICE));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));

        TinkCredentialCipher beforeRotation = open(MasterKeyConfig.given(Secret.ofNullable(keysetBefore)));
        assertThrows(UndecryptableException.class, () -> beforeRotation.decrypt(fresh, ALICE), "made under the new key");
    }

    @Test
    void aKeysetGivenAsTextOpensWhatTheSameKeysetInAFileMade() throws IOException {
        byte[] ciphertext = fromFile().encrypt(KEY, ALICE);
        TinkCredentialCipher given = open(MasterKeyConfig.given(Secret.ofNullable(Files.readString(keyFile()))));

        assertArrayEquals(KEY, given.decrypt(ciphertext, ALICE));
        assertArrayEquals(KEY, fromFile().decrypt(given.encrypt(KEY, BOB), BOB));
    }

    @Test
    void aKeysetGivenAsTextIsNotRotatedHere() throws IOException {
        fromFile();
        TinkCredentialCipher given = open(MasterKeyConfig.given(Secret.ofNullable(Files.readString(keyFile()))));

        IllegalStateException refused = assertThrows(IllegalStateException.class, given::rotate);
        assertTrue(refused.getMessage().contains("given as a keyset"), refused.getMessage());
    }

    @Test
    void aGivenTextThatIsNotAKeysetIsRefusedWithoutQuotingIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> open(MasterKeyConfig.given(Secret.ofNullable("not-json-hunter2"))));
        assertTrue(refused.getMessage().contains("the master key given is not a Tink JSON keyset"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"));
    }

    @Test
    void theConfigTakesExactlyOneSourceAndNeverPrintsAGivenKeyset() {
        assertThrows(IllegalArgumentException.class, () -> new MasterKeyConfig(null, null));
        assertThrows(IllegalArgumentException.class, () -> new MasterKeyConfig(keyFile(), Secret.ofNullable("{}")));
        String printed = MasterKeyConfig.given(Secret.ofNullable("{\"key\":\"hunter2-and-more-text\"}")).toString();
        assertFalse(printed.contains("hunter2"), printed);
    }
}

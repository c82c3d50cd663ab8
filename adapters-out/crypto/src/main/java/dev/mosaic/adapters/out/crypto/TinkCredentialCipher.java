package dev.mosaic.adapters.out.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.mosaic.application.port.out.CredentialCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * {@link CredentialCipher} by Google Tink: AEAD with AES-256-GCM keys in a Tink keyset, the master
 * key. Every ciphertext starts with the id of the key that made it, so after {@link #rotate()} the
 * older keys, still in the keyset, keep decrypting what they made, while new ciphertexts use the new
 * primary key.
 *
 * <p>The keyset is a plaintext Tink JSON keyset. In a file it is protected by its permissions: the
 * file is created owner-only, and one that its group or others may access is refused.
 */
public final class TinkCredentialCipher implements CredentialCipher {

    private static final Logger LOG = Logger.getLogger(TinkCredentialCipher.class.getName());
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null when the keyset was given as text, which cannot be rotated from here. */
    private final Path keysetFile;
    private volatile Aead aead;

    private TinkCredentialCipher(Path keysetFile, KeysetHandle keyset) {
        this.keysetFile = keysetFile;
        this.aead = primitive(keyset);
    }

    /**
     * Opens the master key: reads the keyset file, or creates it with a new key when there is none,
     * or parses the keyset given.
     *
     * @param credentialsStored asked only when the key file is missing: whether any credential is
     *     stored already, in which case no new key is made, since those credentials were encrypted
     *     under the key whose file is missing
     * @throws IllegalStateException when the file is missing while credentials are stored, is
     *     accessible to its group or others, cannot be read or written, or holds no Tink keyset
     */
    public static TinkCredentialCipher open(MasterKeyConfig config, BooleanSupplier credentialsStored) {
        if (config.keyset() != null) {
            return new TinkCredentialCipher(null, parse(config.keyset().reveal(), "the master key given"));
        }
        Path file = config.keysetFile().toAbsolutePath();
        if (Files.notExists(file)) {
            if (credentialsStored.getAsBoolean()) {
                throw new IllegalStateException("there is no master key file " + file + ", but credentials encrypted"
                        + " under a master key are stored: restore the file, or correct its configured path. Only if"
                        + " it is lost for good, remove the stored credentials (docs/adr/0006) so a new key can be made");
            }
            try {
                KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                create(file, serialize(created));
                LOG.warning(() -> "created a new master key in " + file + ". Back it up and keep it apart from database"
                        + " backups: without it, the provider credentials users store cannot be decrypted");
                return new TinkCredentialCipher(file, created);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; every instance must use that one key.
                LOG.fine(() -> "another process created " + file + " first");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a master key", e);
            }
        }
        return new TinkCredentialCipher(file, read(file));
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        try {
            return aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new UndecryptableException("decryption failed: the ciphertext was altered, belongs with other associated"
                    + " data, or was made under a key that is not in the master keyset", e);
        }
    }

    /**
     * Adds a new key to the keyset file and makes it the primary one: from now on it encrypts, and
     * the older keys only decrypt. Run it with every gateway stopped (a running one would not know
     * the new key), then re-encrypt the stored credentials; see docs/adr/0006.
     *
     * @throws IllegalStateException when the keyset was given as text rather than a file
     */
    public synchronized void rotate() {
        if (keysetFile == null) {
            throw new IllegalStateException("the master key was given as a keyset, not a file, so it is rotated where it"
                    + " is kept: add a key and make it primary (Tink's tinkey rotate-keyset), then re-encrypt");
        }
        // From the file, not memory: another process may have rotated since this one started.
        KeysetHandle current = read(keysetFile);
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            replace(keysetFile, serialize(rotated));
            aead = primitive(rotated);
            LOG.warning(() -> "added a new primary key to the master keyset in " + keysetFile + "; back the file up again");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rotate the master key in " + keysetFile, e);
        }
    }

    private static KeysetHandle read(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalStateException("the master key file " + file + " is open to its group or others ("
                        + PosixFilePermissions.toString(permissions) + "); it must be readable by its owner only:"
                        + " chmod 600 " + file);
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), "the master key file " + file);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("cannot check who may read the master key file " + file + " (not a POSIX"
                    + " file system); give the keyset itself instead", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the master key file " + file + ": " + e, e);
        }
    }

    /**
     * The cause is left out on purpose: a JSON parser's message may quote the text it choked on,
     * which here could be key material.
     */
    private static KeysetHandle parse(String json, String source) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(source + " is not a Tink JSON keyset (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String serialize(KeysetHandle keyset) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    }

    private static Aead primitive(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the master keyset holds no usable AEAD key", e);
        }
    }

    /**
     * Creates the key file, but never over one another process has just created.
     *
     * @throws FileAlreadyExistsException when the file exists
     */
    private static void create(Path file, String content) throws FileAlreadyExistsException {
        try {
            Path directory = file.getParent();
            if (Files.notExists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            Path temporary = writeTemporary(directory, file, content);
            try {
                // A hard link takes the name only if it is free, atomically, which a move does not promise.
                Files.createLink(file, temporary);
            } finally {
                removeTemporary(temporary);
            }
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the master key file " + file + ": " + e, e);
        }
    }

    private static void replace(Path file, String content) {
        try {
            Path temporary = writeTemporary(file.getParent(), file, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                removeTemporary(temporary);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the master key file " + file + ": " + e, e);
        }
    }

    /**
     * The content in an owner-only file beside the key file, on disk: renamed or linked into place
     * from there, the key file is never seen half-written nor, even for a moment, open to others.
     */
    private static Path writeTemporary(Path directory, Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            removeTemporary(temporary);
            throw e;
        }
        return temporary;
    }

    private static void removeTemporary(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            LOG.warning(() -> "could not remove " + temporary + ", an owner-only copy of the master key; remove it: " + e);
        }
    }
}

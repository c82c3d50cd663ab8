package dev.mosaic.adapters.out.crypto;

import dev.mosaic.application.Secret;
import java.nio.file.Path;

/**
 * Where the master key comes from: a keyset file, created on first use, or a keyset given as text
 * (by the environment). Exactly one of the two.
 *
 * @param keysetFile a Tink JSON keyset that only its owner may read; null when {@code keyset} is given
 * @param keyset a Tink JSON keyset; null when {@code keysetFile} is given
 */
public record MasterKeyConfig(Path keysetFile, Secret keyset) {
    public MasterKeyConfig {
        if ((keysetFile == null) == (keyset == null)) {
            throw new IllegalArgumentException("the master key comes from a keyset file or a given keyset, exactly one of them");
        }
    }

    public static MasterKeyConfig file(Path keysetFile) {
        return new MasterKeyConfig(keysetFile, null);
    }

    public static MasterKeyConfig given(Secret keyset) {
        return new MasterKeyConfig(null, keyset);
    }

    @Override
    public String toString() {
        return keysetFile != null ? "MasterKeyConfig[keysetFile=" + keysetFile + "]" : "MasterKeyConfig[keyset given]";
    }
}

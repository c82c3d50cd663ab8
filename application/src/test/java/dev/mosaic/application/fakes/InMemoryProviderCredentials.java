package dev.mosaic.application.fakes;

import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.domain.user.UserId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake {@link ProviderCredentials}; passes the same contract as the real one. */
public final class InMemoryProviderCredentials implements ProviderCredentials {
    private record Key(UserId owner, String provider) {}

    private final Map<Key, Encrypted> rows = new ConcurrentHashMap<>();

    @Override
    public synchronized void put(UserId actor, Encrypted credential) {
        if (!credential.credential().owner().equals(actor)) {
            throw new IllegalStateException("an actor can only store its own credentials");
        }
        Key key = new Key(actor, credential.credential().provider());
        Encrypted before = rows.get(key);
        rows.put(key, before == null ? credential : new Encrypted(withCreatedAt(credential, before), credential.ciphertext()));
    }

    private static ProviderCredential withCreatedAt(Encrypted replacement, Encrypted before) {
        ProviderCredential c = replacement.credential();
        return new ProviderCredential(c.owner(), c.provider(), c.kind(), c.label(),
                c.hint(), c.baseUrl(), before.credential().createdAt(), c.updatedAt(), c.expiresAt());
    }

    @Override
    public List<Encrypted> list(UserId actor) {
        return rows.values().stream().filter(e -> e.credential().owner().equals(actor))
                .sorted(Comparator.comparing(e -> e.credential().provider())).toList();
    }

    @Override
    public Optional<Encrypted> find(UserId actor, String provider) {
        return Optional.ofNullable(rows.get(new Key(actor, provider)));
    }

    @Override
    public boolean delete(UserId actor, String provider) {
        return rows.remove(new Key(actor, provider)) != null;
    }

    @Override
    public synchronized boolean rewrap(UserId actor, String provider, byte[] current, byte[] replacement) {
        Key key = new Key(actor, provider);
        Encrypted stored = rows.get(key);
        if (stored == null || !Arrays.equals(stored.ciphertext(), current)) {
            return false;
        }
        rows.put(key, new Encrypted(stored.credential(), replacement));
        return true;
    }

    @Override
    public synchronized boolean replace(UserId actor, byte[] current, Encrypted replacement) {
        Encrypted stored = rows.get(new Key(actor, replacement.credential().provider()));
        if (stored == null || !Arrays.equals(stored.ciphertext(), current)) {
            return false;
        }
        put(actor, replacement);
        return true;
    }

    @Override
    public List<UserId> owners() {
        return rows.keySet().stream().map(Key::owner).distinct().toList();
    }
}

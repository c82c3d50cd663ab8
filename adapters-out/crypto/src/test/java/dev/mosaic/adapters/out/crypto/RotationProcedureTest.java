package dev.mosaic.adapters.out.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.mosaic.application.Secret;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.port.in.ManageCredentialsUseCase.PutOutcome;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.service.CredentialService;
import dev.mosaic.domain.user.UserId;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The procedure of docs/adr/0006 end to end: store, rotate, re-encrypt, restart, read. */
class RotationProcedureTest {

    @TempDir
    Path directory;

    @Test
    void afterRotateAndReencryptAllEveryCredentialIsUnderTheNewKeyAndStillReadable() throws Exception {
        Path keyFile = directory.resolve("master-key.json");
        InMemoryProviderCredentials store = new InMemoryProviderCredentials();
        TinkCredentialCipher cipher = TinkCredentialCipher.open(MasterKeyConfig.file(keyFile), () -> false);
        CredentialService service = new CredentialService(store, cipher, (provider, key, baseUrl) -> Optional.empty(),
                new ScriptedTokenEndpoint(), Map.of(), new LocalOwnerChanges(), Clock.systemUTC());
        UserId alice = UserId.random();
        UserId bob = UserId.random();
        put(service, alice, "openai", "sk-alice-openai-0123456789");
        put(service, alice, "anthropic", "sk-ant-alice-0123456789");
        put(service, bob, "openai", "sk-bob-openai-0123456789");

        cipher.rotate();
        assertEquals(new CredentialService.Reencryption(2, 3, 0), service.reencryptAll());

        int primary = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keyFile), InsecureSecretKeyAccess.get())
                .getPrimary().getId();
        for (UserId user : List.of(alice, bob)) {
            for (Encrypted row : store.list(user)) {
                assertEquals(primary, ByteBuffer.wrap(row.ciphertext(), 1, 4).getInt(), row::toString);
            }
        }
        CredentialService restarted = new CredentialService(store,
                TinkCredentialCipher.open(MasterKeyConfig.file(keyFile), () -> !store.owners().isEmpty()),
                (provider, key, baseUrl) -> Optional.empty(), new ScriptedTokenEndpoint(), Map.of(), new LocalOwnerChanges(),
                Clock.systemUTC());
        assertEquals(Optional.of(Secret.ofNullable("sk-alice-openai-0123456789")),
                restarted.accessFor(alice, "openai").map(ProviderAccess::secret));
        assertEquals(Optional.of(Secret.ofNullable("sk-ant-alice-0123456789")),
                restarted.accessFor(alice, "anthropic").map(ProviderAccess::secret));
        assertEquals(Optional.of(Secret.ofNullable("sk-bob-openai-0123456789")),
                restarted.accessFor(bob, "openai").map(ProviderAccess::secret));
    }

    private static void put(CredentialService service, UserId user, String provider, String key) {
        assertEquals(PutOutcome.Saved.class,
                service.put(user, new PutCredentialCommand(provider, Secret.ofNullable(key), null, null)).getClass());
    }
}

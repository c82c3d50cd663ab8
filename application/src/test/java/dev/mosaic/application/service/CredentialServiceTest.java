package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.fakes.AesGcmCipher;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.port.in.ManageCredentialsUseCase.PutOutcome;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialServiceTest {
    private static final String KEY = "sk-proj-0123456789abcdefWXYZ";
    private static final String OTHER_KEY = "sk-proj-9876543210fedcbaQRST";

    /** The calls the service made to the provider check, and what it should answer. */
    private record Call(String provider, Secret key, URI baseUrl) {}

    private final List<Call> checks = new ArrayList<>();
    private Optional<CredentialCheck.Problem> checkAnswer = Optional.empty();
    private final CredentialCheck check = (provider, key, baseUrl) -> {
        checks.add(new Call(provider, key, baseUrl));
        return checkAnswer;
    };

    private final InMemoryProviderCredentials store = new InMemoryProviderCredentials();
    private final AesGcmCipher cipher = new AesGcmCipher();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
    private final ScriptedTokenEndpoint tokens = new ScriptedTokenEndpoint();
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final CredentialService service = new CredentialService(store, cipher, check, tokens, Map.of(), changes, clock);
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    private PutOutcome put(UserId actor, String provider, String key, String label, String baseUrl) {
        return service.put(actor, new PutCredentialCommand(provider, Secret.ofNullable(key), label, baseUrl));
    }

    private ProviderCredential saved(PutOutcome outcome) {
        return assertInstanceOf(PutOutcome.Saved.class, outcome).credential();
    }

    private Rejection rejected(PutOutcome outcome) {
        return assertInstanceOf(PutOutcome.Rejected.class, outcome).rejection();
    }

    @Test
    void aCheckedKeyIsStoredEncryptedAndShownOnlyAsItsHint() {
        ProviderCredential credential = saved(put(alice, "openai", KEY, "work", null));

        Instant now = clock.instant();
        assertEquals(new ProviderCredential(alice, "openai", CredentialKind.API_KEY, "work", "…WXYZ", null, now, now),
                credential);
        assertEquals(List.of(new Call("openai", Secret.ofNullable(KEY), null)), checks);
        assertEquals(List.of(credential), service.list(alice));
        assertEquals(Optional.of(Secret.ofNullable(KEY)), secretOf(alice, "openai"));

        byte[] stored = store.find(alice, "openai").orElseThrow().ciphertext();
        String storedText = new String(stored, StandardCharsets.ISO_8859_1);
        assertFalse(storedText.contains("0123456789abcdef"), "only ciphertext is stored");
        assertFalse(HexFormat.of().formatHex(stored).contains(HexFormat.of().formatHex(KEY.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void credentialsAreReadOnceForRoutingUntilAChangeIsAnnouncedHereOrElsewhere() {
        assertEquals(Optional.empty(), secretOf(alice, "openai"));
        saved(put(alice, "openai", KEY, null, null));
        assertEquals(Optional.of(Secret.ofNullable(KEY)), secretOf(alice, "openai"), "a change here is seen at once");
        assertEquals(List.of(Owner.of(alice)), changes.published(), "and announced to the other instances");

        store.delete(alice, "openai"); // as another instance deletes it
        assertEquals(Optional.of(Secret.ofNullable(KEY)), secretOf(alice, "openai"), "cached until the change is heard");
        assertEquals(1, service.list(alice).size());
        service.changed(Owner.of(alice));
        assertEquals(Optional.empty(), secretOf(alice, "openai"));
        assertEquals(List.of(), service.list(alice));

        saved(put(alice, "openai", KEY, null, null));
        assertEquals(Optional.empty(), service.delete(alice, "openai"));
        assertEquals(Optional.empty(), secretOf(alice, "openai"), "a deletion here is seen at once");
        assertEquals(Optional.empty(), secretOf(bob, "openai"));
    }

    @Test
    void aShortKeyIsHintedByStarsOnlyAndALabelDefaults() {
        ProviderCredential credential = saved(put(alice, "zai", "short-key", "  ", null));
        assertEquals("****", credential.hint());
        assertEquals("default", credential.label());
    }

    @Test
    void aKeyTheProviderRefusesIsNotStoredAndTheReasonNeverQuotesIt() {
        checkAnswer = Optional.of(new CredentialCheck.Problem(ErrorCode.PROVIDER_AUTHENTICATION,
                "401 from https://api.openai.com/v1/models: Incorrect API key provided: " + KEY));

        Rejection why = rejected(put(alice, "openai", KEY, null, null));

        assertEquals(ErrorCode.PROVIDER_AUTHENTICATION, why.code());
        assertTrue(why.message().contains("could not be confirmed with openai: 401"), why.message());
        assertFalse(why.message().contains(KEY), why.message());
        assertTrue(why.message().contains("…WXYZ"), why.message());
        assertEquals(List.of(), service.list(alice));
        assertEquals(Optional.empty(), secretOf(alice, "openai"));
    }

    @Test
    void aProviderThatCannotBeAskedIsUnavailableNotARefusedKey() {
        checkAnswer = Optional.of(new CredentialCheck.Problem(ErrorCode.PROVIDER_UNAVAILABLE,
                "the key could not be checked: cannot reach openai at http://10.0.0.9:1/v1: connection refused"));

        Rejection why = rejected(put(alice, "openai", KEY, null, "http://10.0.0.9:1/v1"));

        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, why.code());
        assertTrue(why.message().endsWith("cannot reach openai at http://10.0.0.9:1/v1: connection refused"), why.message());
        assertEquals(List.of(), service.list(alice));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "OpenAI", "mistral", "../openai", "openai "})
    void anUnknownProviderIsInvalidInputAndNeverChecked(String provider) {
        assertEquals(ErrorCode.INVALID_INPUT, rejected(put(alice, provider, KEY, null, null)).code());
        assertEquals(ErrorCode.INVALID_INPUT, service.delete(alice, provider).orElseThrow().code());
        assertEquals(List.of(), checks);
    }

    @Test
    void aNullProviderIsInvalidInput() {
        assertEquals(ErrorCode.INVALID_INPUT, rejected(put(alice, null, KEY, null, null)).code());
        assertEquals(ErrorCode.INVALID_INPUT, service.delete(alice, null).orElseThrow().code());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "sk with spaces", "sk-\u0000-nul", "sk-tab\tinside"})
    void aMissingOrMalformedKeyIsInvalidInputAndNeverChecked(String key) {
        Rejection why = rejected(put(alice, "openai", key, null, null));
        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        if (!key.isBlank()) {
            assertFalse(why.message().contains(key.strip()), "a malformed key is not echoed either");
        }
        assertEquals(List.of(), checks);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"sk-proj-0123456789\nabcdefWXYZ", "sk-proj-0123456789abcdef\u00e9XYZ", "sk-proj-0123456789abcdef\u2026"})
    void aKeyThatCannotBeSentInAHeaderIsRefusedInTheGatewaysWordsWithoutQuotingIt(String key) {
        Rejection why = rejected(put(alice, "openai", key, null, null));

        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        assertTrue(why.message().startsWith("this API key cannot be sent to a provider: it contains a "), why.message());
        assertFalse(why.message().contains("sk-proj"), why.message());
        assertEquals(List.of(), checks);
    }

    @Test
    void anOverlongKeyOrLabelIsInvalidInput() {
        assertEquals(ErrorCode.INVALID_INPUT, rejected(put(alice, "openai", "k".repeat(4097), null, null)).code());
        assertEquals(ErrorCode.INVALID_INPUT, rejected(put(alice, "openai", KEY, "l".repeat(101), null)).code());
        assertEquals(ErrorCode.INVALID_INPUT, rejected(put(alice, "openai", KEY, "two\nlines", null)).code());
        assertEquals(List.of(), checks);
        assertEquals("l".repeat(100), saved(put(alice, "openai", KEY, "l".repeat(100), null)).label());
    }

    @Test
    void aBaseUrlIsCheckedWithTheKeyAndStoredWithoutTrailingSlashes() {
        ProviderCredential credential = saved(put(alice, "ollama", KEY, "home", " http://10.0.0.5:11434/v1/ "));

        URI expected = URI.create("http://10.0.0.5:11434/v1");
        assertEquals(expected, credential.baseUrl());
        assertEquals(List.of(new Call("ollama", Secret.ofNullable(KEY), expected)), checks);
        assertEquals(Optional.of(Secret.ofNullable(KEY)), secretOf(alice, "ollama"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://example.com", "not a url", "https://user:pw@example.com/v1", "https://example.com/v1?x=1",
            "https://example.com/v1#top", "/v1", "http://"})
    void aMalformedBaseUrlIsInvalidInputAndNeverChecked(String baseUrl) {
        Rejection why = rejected(put(alice, "openai", KEY, null, baseUrl));
        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        assertTrue(why.message().contains("baseUrl"), why.message());
        assertEquals(List.of(), checks);
    }

    @Test
    void replacingAKeyKeepsWhenItWasFirstStored() {
        Instant first = clock.instant();
        saved(put(alice, "openai", KEY, "old", null));
        clock.advance(Duration.ofHours(1));

        ProviderCredential replaced = saved(put(alice, "openai", OTHER_KEY, "new", null));

        Instant now = clock.instant();
        assertEquals(new ProviderCredential(alice, "openai", CredentialKind.API_KEY, "new", "…QRST", null, first, now),
                replaced);
        assertEquals(List.of(replaced), service.list(alice));
        assertEquals(Optional.of(Secret.ofNullable(OTHER_KEY)), secretOf(alice, "openai"));
    }

    @Test
    void deletingAnswersNotFoundForACredentialThatIsNotThere() {
        saved(put(alice, "openai", KEY, null, null));

        assertEquals(Optional.empty(), service.delete(alice, "openai"));
        assertEquals(ErrorCode.NOT_FOUND, service.delete(alice, "openai").orElseThrow().code());
        assertEquals(Optional.empty(), secretOf(alice, "openai"));
    }

    @Test
    void aUsersCredentialsAreInvisibleAndUnusableToAnotherUser() {
        saved(put(alice, "openai", KEY, "alice's", null));

        assertEquals(List.of(), service.list(bob));
        assertEquals(Optional.empty(), secretOf(bob, "openai"));
        assertEquals(ErrorCode.NOT_FOUND, service.delete(bob, "openai").orElseThrow().code());
        assertEquals(Optional.of(Secret.ofNullable(KEY)), secretOf(alice, "openai"));
    }

    @Test
    void aCiphertextCopiedIntoAnotherUsersRowDoesNotDecrypt() {
        ProviderCredential mine = saved(put(alice, "openai", KEY, null, null));
        Encrypted row = store.find(alice, "openai").orElseThrow();
        store.put(bob, new Encrypted(new ProviderCredential(bob, "openai", mine.kind(), mine.label(), mine.hint(), null,
                mine.createdAt(), mine.updatedAt()), row.ciphertext()));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> service.accessFor(bob, "openai"));
        assertTrue(refused.getMessage().contains("cannot be decrypted"), refused.getMessage());
        assertFalse(refused.getMessage().contains(KEY));
    }

    @Test
    void aCiphertextMovedToAnotherProviderOrEndpointDoesNotDecrypt() {
        ProviderCredential mine = saved(put(alice, "openai", KEY, null, null));
        byte[] ciphertext = store.find(alice, "openai").orElseThrow().ciphertext();
        store.put(alice, new Encrypted(new ProviderCredential(alice, "openrouter", mine.kind(), mine.label(), mine.hint(),
                null, mine.createdAt(), mine.updatedAt()), ciphertext));
        store.put(alice, new Encrypted(new ProviderCredential(alice, "openai", mine.kind(), mine.label(), mine.hint(),
                URI.create("https://attacker.example/v1"), mine.createdAt(), mine.updatedAt()), ciphertext));

        assertThrows(IllegalStateException.class, () -> service.accessFor(alice, "openrouter"));
        assertThrows(IllegalStateException.class, () -> service.accessFor(alice, "openai"));
    }

    @Test
    void afterRotationEveryUsersCredentialsAreRewrappedUnderTheNewKeyAndStillDecrypt() {
        saved(put(alice, "openai", KEY, null, null));
        saved(put(alice, "anthropic", OTHER_KEY, null, null));
        saved(put(bob, "openai", OTHER_KEY, null, null));
        List<Encrypted> before = store.list(alice);
        cipher.rotate();

        CredentialService.Reencryption done = service.reencryptAll();

        assertEquals(new CredentialService.Reencryption(2, 3, 0), done);
        for (UserId user : List.of(alice, bob)) {
            store.list(user).forEach(e -> assertEquals(cipher.currentKey(), AesGcmCipher.keyOf(e.ciphertext()), e::toString));
        }
        assertEquals(before.stream().map(Encrypted::credential).toList(), service.list(alice), "only the ciphertext changed");
        assertEquals(Optional.of(Secret.ofNullable(KEY)), secretOf(alice, "openai"));
        assertEquals(Optional.of(Secret.ofNullable(OTHER_KEY)), secretOf(alice, "anthropic"));
        assertEquals(Optional.of(Secret.ofNullable(OTHER_KEY)), secretOf(bob, "openai"));
    }

    @Test
    void aCredentialThatCannotBeDecryptedIsLeftAsItIsCountedAndLoggedWithoutSecrets() {
        saved(put(alice, "openai", KEY, null, null));
        saved(put(bob, "zai", OTHER_KEY, null, null));
        ProviderCredential bobs = service.list(bob).getFirst();
        byte[] garbage = store.find(alice, "openai").orElseThrow().ciphertext();
        store.put(bob, new Encrypted(bobs, garbage));
        List<String> logged = new ArrayList<>();
        Logger log = Logger.getLogger(CredentialService.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                logged.add(entry.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        try {
            assertEquals(new CredentialService.Reencryption(1, 0, 1), service.reencrypt(bob));
        } finally {
            log.setUseParentHandlers(true);
            log.removeHandler(capture);
        }

        assertEquals(1, logged.size(), logged::toString);
        assertTrue(logged.getFirst().contains("zai") && logged.getFirst().contains(bob.toString()), logged::toString);
        assertFalse(logged.getFirst().contains(KEY) || logged.getFirst().contains(OTHER_KEY), logged::toString);
        assertEquals(Optional.of(new Encrypted(bobs, garbage)), store.find(bob, "zai"), "left as it was");
    }

    @Test
    void theAssociatedDataNamesOwnerProviderKindAndEndpoint() {
        ProviderCredential credential = new ProviderCredential(alice, "ollama", CredentialKind.API_KEY, "l", "****",
                URI.create("http://h:1/v1"), clock.instant(), clock.instant());
        assertEquals("mosaic/provider-credential/v1\n" + alice + "\nollama\napi_key\nhttp://h:1/v1",
                new String(CredentialService.associatedData(credential), StandardCharsets.UTF_8));
        assertNotEquals(new String(CredentialService.associatedData(credential), StandardCharsets.UTF_8),
                new String(CredentialService.associatedData(new ProviderCredential(bob, "ollama", CredentialKind.API_KEY,
                        "l", "****", URI.create("http://h:1/v1"), clock.instant(), clock.instant())), StandardCharsets.UTF_8));
    }

    @Test
    void aCommandNeverPrintsItsKey() {
        String printed = new PutCredentialCommand("openai", Secret.ofNullable(KEY), "work", null).toString();
        assertFalse(printed.contains(KEY), printed);
    }

    private Optional<Secret> secretOf(UserId actor, String provider) {
        return service.accessFor(actor, provider).map(ProviderAccess::secret);
    }
}

package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.credential.OAuthClientConfig.TokenRequestFormat;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.fakes.AesGcmCipher;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.port.in.ManageCredentialsUseCase.PutOutcome;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.Grant;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.OAuthException;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.service.CredentialService.UnusableCredentialException;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OAuth side of {@link CredentialService}: handing out tokens, and renewing them before they lapse. */
class CredentialServiceOAuthTest {
    private static final String ACCESS = "oat-first-access-token-0000-1111";
    private static final String REFRESH = "ort-first-refresh-token-0000-1111";
    private static final String ACCESS_2 = "oat-second-access-token-0000-2222";
    private static final String REFRESH_2 = "ort-second-refresh-token-0000-2222";
    private static final String ACCESS_3 = "oat-third-access-token-0000-3333";
    private static final String ACCOUNT = "acct-0123456789abcdef";
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    /** When a login stored at {@link #T0} for an hour expires. */
    private static final Instant EXPIRY = T0.plus(Duration.ofHours(1));

    private final OAuthClientConfig anthropic = new OAuthClientConfig("anthropic",
            URI.create("https://claude.example/oauth/authorize"), URI.create("https://console.example/v1/oauth/token"),
            "client-anthropic", URI.create("https://console.example/oauth/code/callback"), "user:inference", Map.of(),
            TokenRequestFormat.JSON, true, List.of(), null);
    private final OAuthClientConfig openai = new OAuthClientConfig("openai", URI.create("https://auth.example/oauth/authorize"),
            URI.create("https://auth.example/oauth/token"), "app_client", URI.create("http://localhost:1455/auth/callback"),
            "openid offline_access", Map.of(), TokenRequestFormat.FORM, false,
            List.of("https://api.openai.com/auth", "chatgpt_account_id"),
            URI.create("https://chatgpt.example/backend-api/codex"));
    private final Map<String, OAuthClientConfig> clients = Map.of("anthropic", anthropic, "openai", openai);

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryProviderCredentials rows = new InMemoryProviderCredentials();
    private final AesGcmCipher cipher = new AesGcmCipher();
    private final CredentialCheck keysAreFine = (provider, key, baseUrl) -> Optional.empty();
    private final ScriptedTokenEndpoint endpoint = new ScriptedTokenEndpoint();
    /** What every gateway of a test hears of the others' changes. */
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final CredentialService service = subscribed(new CredentialService(rows, cipher, keysAreFine, endpoint,
            clients, changes, clock));
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    private CredentialService subscribed(CredentialService gateway) {
        changes.subscribe(gateway::changed, gateway::changesMissed);
        return gateway;
    }

    private static Grant grant(String access, String refresh, Duration expiresIn, String account) {
        return new Grant(Secret.ofNullable(access), Secret.ofNullable(refresh), expiresIn, account);
    }

    /** A login stored now, for an hour. */
    private ProviderCredential login(UserId actor, String provider, String refresh, String account) {
        return service.storeLogin(actor, provider, grant(ACCESS, refresh, Duration.ofHours(1), account));
    }

    private ProviderAccess.OAuthToken access(UserId actor, String provider) {
        return assertInstanceOf(ProviderAccess.OAuthToken.class, service.accessFor(actor, provider).orElseThrow());
    }

    private byte[] storedCiphertext(UserId actor, String provider) {
        return rows.find(actor, provider).orElseThrow().ciphertext();
    }

    private List<Secret> refreshTokensSent() {
        return endpoint.calls().stream().map(ScriptedTokenEndpoint.Call::refreshToken).toList();
    }

    @Test
    void aLoginGivesItsTokenWithItsAccountAndTheConfiguredBaseUrl() {
        login(alice, "openai", REFRESH, ACCOUNT);
        login(alice, "anthropic", REFRESH, null);

        assertEquals(new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS), ACCOUNT,
                URI.create("https://chatgpt.example/backend-api/codex")), access(alice, "openai"));
        assertEquals(new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS), null, null), access(alice, "anthropic"));
        assertEquals(Optional.of(Secret.ofNullable(ACCESS)), service.accessFor(alice, "openai").map(ProviderAccess::secret));
        assertEquals(Optional.empty(), service.accessFor(bob, "openai"), "nobody else's login");
        assertEquals(List.of(), endpoint.calls());
    }

    @Test
    void aStoredLoginIsListedWithItsExpiryAndAHintThatIsNoToken() {
        ProviderCredential credential = login(alice, "anthropic", REFRESH, null);

        assertEquals(new ProviderCredential(alice, "anthropic", CredentialKind.OAUTH, "OAuth login", "…1111", null, T0, T0,
                EXPIRY), credential);
        assertEquals(List.of(credential), service.list(alice));
        assertFalse(credential.hint().contains(ACCESS) || credential.hint().contains(REFRESH), credential.hint());
    }

    @Test
    void anApiKeyComesBackAsAKeyWithItsBaseUrl() {
        assertInstanceOf(PutOutcome.Saved.class, service.put(alice, new PutCredentialCommand("ollama",
                Secret.ofNullable("ollama-key-0123456789"), "home", "http://10.0.0.5:11434/v1/")));
        assertInstanceOf(PutOutcome.Saved.class, service.put(alice, new PutCredentialCommand("zai",
                Secret.ofNullable("zai-key-0123456789"), null, null)));

        assertEquals(Optional.of(new ProviderAccess.ApiKey(Secret.ofNullable("ollama-key-0123456789"),
                URI.create("http://10.0.0.5:11434/v1"))), service.accessFor(alice, "ollama"));
        assertEquals(Optional.of(new ProviderAccess.ApiKey(Secret.ofNullable("zai-key-0123456789"), null)),
                service.accessFor(alice, "zai"));
        assertEquals(List.of(), endpoint.calls());
    }

    @Test
    void nothingIsRenewedWhileTheTokenIsMoreThanFiveMinutesFromExpiry() {
        login(alice, "anthropic", REFRESH, null);
        byte[] before = storedCiphertext(alice, "anthropic");
        clock.set(EXPIRY.minus(Duration.ofMinutes(5)).minusSeconds(1));

        assertEquals(Secret.ofNullable(ACCESS), access(alice, "anthropic").secret());

        assertEquals(List.of(), endpoint.calls());
        assertArrayEquals(before, storedCiphertext(alice, "anthropic"));
    }

    @Test
    void fiveMinutesBeforeExpiryTheTokenIsRenewedAndTheRotatedRefreshTokenUsedNextTime() {
        login(alice, "openai", REFRESH, ACCOUNT);
        Instant renewal = EXPIRY.minus(Duration.ofMinutes(5));
        clock.set(renewal);
        endpoint.answer(call -> grant(ACCESS_2, REFRESH_2, Duration.ofHours(2), null));

        ProviderAccess.OAuthToken renewed = access(alice, "openai");

        assertEquals(new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS_2), ACCOUNT, openai.apiBaseUrl()), renewed,
                "a grant that names no account keeps the login's");
        ScriptedTokenEndpoint.Call call = endpoint.calls().getFirst();
        assertEquals("refresh_token", call.grantType());
        assertEquals("openai", call.provider());
        assertEquals(Secret.ofNullable(REFRESH), call.refreshToken());
        assertEquals(List.of(new ProviderCredential(alice, "openai", CredentialKind.OAUTH, "OAuth login", "account …cdef",
                null, T0, renewal, renewal.plus(Duration.ofHours(2)))), service.list(alice), "the expiry moved");

        assertEquals(Secret.ofNullable(ACCESS_2), access(alice, "openai").secret());
        assertEquals(1, endpoint.calls().size(), "the renewed token is used as it is");

        clock.set(renewal.plus(Duration.ofHours(2)).minus(Duration.ofMinutes(1)));
        endpoint.answer(c -> grant(ACCESS_3, null, Duration.ofHours(1), null));
        assertEquals(Secret.ofNullable(ACCESS_3), access(alice, "openai").secret());
        assertEquals(List.of(Secret.ofNullable(REFRESH), Secret.ofNullable(REFRESH_2)), refreshTokensSent());
    }

    @Test
    void aRenewalWithoutANewRefreshTokenKeepsTheOldOne() {
        login(alice, "anthropic", REFRESH, null);
        clock.set(EXPIRY.minusSeconds(30));
        endpoint.answer(call -> grant(ACCESS_2, null, Duration.ofHours(1), null));
        assertEquals(Secret.ofNullable(ACCESS_2), access(alice, "anthropic").secret());
        assertEquals("…2222", service.list(alice).getFirst().hint(), "the hint follows the token");

        clock.advance(Duration.ofMinutes(58));
        endpoint.answer(call -> grant(ACCESS_3, null, null, null));
        assertEquals(Secret.ofNullable(ACCESS_3), access(alice, "anthropic").secret());

        assertEquals(List.of(Secret.ofNullable(REFRESH), Secret.ofNullable(REFRESH)), refreshTokensSent());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), service.list(alice).getFirst().expiresAt(),
                "an unsaid lifetime counts as an hour");
    }

    @ParameterizedTest(name = "refused={0}")
    @ValueSource(booleans = {true, false})
    void aFailedRenewalWhileTheTokenIsStillValidUsesItAndTriesAgainNextTime(boolean refused) {
        login(alice, "anthropic", REFRESH, null);
        byte[] before = storedCiphertext(alice, "anthropic");
        clock.set(EXPIRY.minusSeconds(1));
        endpoint.answer(call -> {
            throw new OAuthException("invalid_grant", refused);
        });

        assertEquals(Secret.ofNullable(ACCESS), access(alice, "anthropic").secret());
        assertEquals(Secret.ofNullable(ACCESS), access(alice, "anthropic").secret());

        assertEquals(2, endpoint.calls().size());
        assertArrayEquals(before, storedCiphertext(alice, "anthropic"), "nothing changed");
    }

    @ParameterizedTest(name = "refused={0}")
    @ValueSource(booleans = {true, false})
    void aFailedRenewalOnceTheTokenHasExpiredMakesTheLoginUnusable(boolean refused) {
        login(alice, "anthropic", REFRESH, null);
        clock.set(EXPIRY);
        endpoint.answer(call -> {
            throw new OAuthException("invalid_grant: refresh token revoked", refused);
        });

        UnusableCredentialException unusable = assertThrows(UnusableCredentialException.class,
                () -> service.accessFor(alice, "anthropic"));

        assertTrue(unusable.getMessage().contains("log in again with /login anthropic"), unusable.getMessage());
        assertTrue(unusable.getMessage().contains("refresh token revoked"), unusable.getMessage());
        for (String secret : List.of(ACCESS, REFRESH)) {
            assertFalse(unusable.getMessage().contains(secret), unusable.getMessage());
        }
        assertEquals(1, service.list(alice).size(), "kept, so the user sees what to renew");
    }

    @Test
    void aLoginWithoutARefreshTokenIsUsedUntilItExpiresAndThenUnusableWithoutAsking() {
        login(alice, "anthropic", null, null);

        clock.set(EXPIRY.minusSeconds(1));
        assertEquals(Secret.ofNullable(ACCESS), access(alice, "anthropic").secret(), "still valid, though not renewable");

        clock.set(EXPIRY);
        UnusableCredentialException unusable = assertThrows(UnusableCredentialException.class,
                () -> service.accessFor(alice, "anthropic"));
        assertTrue(unusable.getMessage().contains("/login anthropic"), unusable.getMessage());
        assertEquals(List.of(), endpoint.calls());
    }

    @Test
    void aLoginForAProviderNoLongerConfiguredIsUsedUntilItExpires() {
        login(alice, "zai", REFRESH, null);

        assertEquals(new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS), null, null), access(alice, "zai"));
        clock.set(EXPIRY.minusSeconds(1));
        assertEquals(Secret.ofNullable(ACCESS), access(alice, "zai").secret(), "still valid, though not renewable");

        clock.set(EXPIRY);
        UnusableCredentialException unusable = assertThrows(UnusableCredentialException.class,
                () -> service.accessFor(alice, "zai"));
        assertTrue(unusable.getMessage().contains("no longer configured"), unusable.getMessage());
        assertEquals(List.of(), endpoint.calls());
    }

    @Test
    void aLoginCopiedIntoAnotherUsersRowIsUnusable() {
        ProviderCredential hers = login(alice, "anthropic", REFRESH, null);
        rows.put(bob, new Encrypted(new ProviderCredential(bob, "anthropic", hers.kind(), hers.label(), hers.hint(), null,
                hers.createdAt(), hers.updatedAt(), hers.expiresAt()), storedCiphertext(alice, "anthropic")));

        UnusableCredentialException unusable = assertThrows(UnusableCredentialException.class,
                () -> service.accessFor(bob, "anthropic"));
        assertTrue(unusable.getMessage().contains("cannot be decrypted"), unusable.getMessage());
        assertFalse(unusable.getMessage().contains(ACCESS));
    }

    @Test
    void manyRepliesNeedingARenewalAtOnceRenewItOnce() throws Exception {
        login(alice, "anthropic", REFRESH, null);
        clock.set(EXPIRY.minus(Duration.ofMinutes(1)));
        int threads = 8;
        List<Thread> started = new ArrayList<>();
        // The renewal is held until every other thread has read the old, expiring token and waits to renew it too.
        endpoint.answer(call -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.stream().filter(t -> t != Thread.currentThread())
                    .anyMatch(t -> t.getState() != Thread.State.BLOCKED)) {
                assertTrue(System.nanoTime() < until, "every thread read the login and waits to renew it");
                Thread.onSpinWait();
            }
            return grant(ACCESS_2, REFRESH_2, Duration.ofHours(1), null);
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Object> results = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    results.add(access(alice, "anthropic").secret());
                } catch (Throwable e) {
                    results.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        assertEquals(1, endpoint.calls().size());
        assertEquals(threads, results.size());
        results.forEach(result -> assertEquals(Secret.ofNullable(ACCESS_2), result));
    }

    @Test
    void whenAnotherGatewayRenewedFirstItsTokensAreUsedAndKept() {
        login(alice, "anthropic", REFRESH, null);
        clock.set(EXPIRY.minus(Duration.ofMinutes(2)));
        // Another gateway sharing the rows and the master key.
        CredentialService otherGateway = subscribed(new CredentialService(rows, cipher, keysAreFine, endpoint, clients,
                changes, clock));
        endpoint.answer(call -> {
            if (endpoint.calls().size() == 1) {
                // While this gateway's renewal is on its way, the other one renews the same login and stores first.
                assertEquals(Secret.ofNullable("oat-theirs-access-token-0000-4444"),
                        otherGateway.accessFor(alice, "anthropic").orElseThrow().secret());
                return grant(ACCESS_2, REFRESH_2, Duration.ofHours(1), null);
            }
            return grant("oat-theirs-access-token-0000-4444", "ort-theirs-refresh-token-0000-4444", Duration.ofHours(3),
                    null);
        });

        assertEquals(Secret.ofNullable("oat-theirs-access-token-0000-4444"), access(alice, "anthropic").secret());

        assertEquals(List.of(Secret.ofNullable(REFRESH), Secret.ofNullable(REFRESH)), refreshTokensSent());
        assertEquals(clock.instant().plus(Duration.ofHours(3)), service.list(alice).getFirst().expiresAt(),
                "the winner's renewal is what is stored");
        assertEquals(Secret.ofNullable("oat-theirs-access-token-0000-4444"), access(alice, "anthropic").secret());
        assertEquals(2, endpoint.calls().size());

        clock.advance(Duration.ofHours(3).minusMinutes(1));
        endpoint.answer(call -> grant(ACCESS_3, null, Duration.ofHours(1), null));
        assertEquals(Secret.ofNullable(ACCESS_3), access(alice, "anthropic").secret());
        assertEquals(Secret.ofNullable("ort-theirs-refresh-token-0000-4444"), refreshTokensSent().getLast(),
                "the loser's refresh token was never stored");
    }

    @Test
    void aRenewalDoesNotTouchAnotherUsersLogin() {
        login(alice, "anthropic", REFRESH, null);
        clock.advance(Duration.ofMinutes(30));
        login(bob, "anthropic", REFRESH_2, null);
        byte[] his = storedCiphertext(bob, "anthropic");
        clock.set(EXPIRY.minusSeconds(10));
        endpoint.answer(call -> grant(ACCESS_3, null, Duration.ofHours(1), null));

        assertEquals(Secret.ofNullable(ACCESS_3), access(alice, "anthropic").secret());

        assertArrayEquals(his, storedCiphertext(bob, "anthropic"));
        assertEquals(Secret.ofNullable(ACCESS), access(bob, "anthropic").secret());
        assertEquals(1, endpoint.calls().size());
    }
}

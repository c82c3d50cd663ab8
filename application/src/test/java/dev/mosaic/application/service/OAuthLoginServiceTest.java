package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.credential.OAuthClientConfig.TokenRequestFormat;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.fakes.AesGcmCipher;
import dev.mosaic.application.fakes.InMemoryPendingLogins;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase.CompleteOutcome;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase.StartOutcome;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase.Started;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.Grant;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.OAuthException;
import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthLoginServiceTest {
    private static final String ACCESS = "oat-AccessTokenAAAA-0123456789-1111";
    private static final String REFRESH = "ort-RefreshTokenBBBB-0123456789-2222";
    private static final String ACCOUNT = "acct-0123456789abcdef";
    private static final String CODE = "ac_Code-123.xyz";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
    /** A preset like one provider's public client: the state sent is the PKCE verifier itself. */
    private final OAuthClientConfig anthropic = new OAuthClientConfig("anthropic",
            URI.create("https://claude.example/oauth/authorize"), URI.create("https://console.example/v1/oauth/token"),
            "client-anthropic", URI.create("https://console.example/oauth/code/callback"),
            "org:create_api_key user:profile user:inference", Map.of("code", "true"), TokenRequestFormat.JSON, true,
            List.of(), null);
    /** A preset whose API needs an account id from the token, and is reached at another base URL. */
    private final OAuthClientConfig openai = new OAuthClientConfig("openai", URI.create("https://auth.example/oauth/authorize"),
            URI.create("https://auth.example/oauth/token"), "app_client", URI.create("http://localhost:1455/auth/callback"),
            "openid profile email offline_access",
            Map.of("id_token_add_organizations", "true", "codex_cli_simplified_flow", "true"), TokenRequestFormat.FORM,
            false, List.of("https://api.openai.com/auth", "chatgpt_account_id"),
            URI.create("https://chatgpt.example/backend-api/codex"));
    private final Map<String, OAuthClientConfig> clients = Map.of("anthropic", anthropic, "openai", openai);

    private final InMemoryProviderCredentials store = new InMemoryProviderCredentials();
    private final AesGcmCipher cipher = new AesGcmCipher();
    private final ScriptedTokenEndpoint endpoint = new ScriptedTokenEndpoint();
    private final InMemoryPendingLogins pending = new InMemoryPendingLogins(clock);
    private final CredentialService credentials = new CredentialService(store, cipher,
            (provider, key, baseUrl) -> Optional.empty(), endpoint, clients, new LocalOwnerChanges(), clock);
    private final OAuthLoginService logins = new OAuthLoginService(clients, pending, cipher, endpoint, credentials, clock);
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    /** Every state handed out: for a preset whose state is the verifier, no message may quote one. */
    private final List<String> states = new ArrayList<>();

    private Started start(UserId actor, String provider) {
        Started started = assertInstanceOf(StartOutcome.Ready.class, logins.start(actor, provider)).login();
        states.add(started.state());
        return started;
    }

    private void granting(String accountId) {
        endpoint.answer(call -> new Grant(Secret.ofNullable(ACCESS), Secret.ofNullable(REFRESH), Duration.ofHours(8),
                accountId));
    }

    private static ProviderCredential loggedIn(CompleteOutcome outcome) {
        return assertInstanceOf(CompleteOutcome.LoggedIn.class, outcome).credential();
    }

    /** The rejection, after making sure it quotes no token, code or verifier. */
    private Rejection rejected(CompleteOutcome outcome) {
        Rejection rejection = assertInstanceOf(CompleteOutcome.Rejected.class, outcome).rejection();
        List<String> secrets = new ArrayList<>(List.of(ACCESS, REFRESH, CODE));
        secrets.addAll(states);
        endpoint.calls().stream().map(ScriptedTokenEndpoint.Call::codeVerifier).filter(v -> v != null).forEach(secrets::add);
        for (String secret : secrets) {
            assertFalse(rejection.message().contains(secret), () -> rejection.message() + " quotes " + secret);
        }
        return rejection;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            String previous = parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            assertEquals(null, previous, "each parameter once: " + uri);
        }
        return parameters;
    }

    private static String s256(String verifier) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    @Test
    void theProvidersAreTheConfiguredOnesInOrder() {
        assertEquals(List.of("anthropic", "openai"), logins.providers());
    }

    @Test
    void theAuthorizationUrlCarriesTheClientTheChallengeTheStateAndTheExtras() {
        Started started = start(alice, "openai");

        URI url = started.authorizationUrl();
        assertEquals("https://auth.example/oauth/authorize", url.getScheme() + "://" + url.getHost() + url.getPath());
        Map<String, String> parameters = query(url);
        assertEquals("code", parameters.get("response_type"));
        assertEquals("app_client", parameters.get("client_id"));
        assertEquals("http://localhost:1455/auth/callback", parameters.get("redirect_uri"));
        assertEquals("openid profile email offline_access", parameters.get("scope"));
        assertEquals("S256", parameters.get("code_challenge_method"));
        assertTrue(parameters.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), parameters::toString);
        assertEquals(started.state(), parameters.get("state"));
        assertEquals("true", parameters.get("id_token_add_organizations"));
        assertEquals("true", parameters.get("codex_cli_simplified_flow"));
        assertEquals(9, parameters.size(), parameters::toString);

        assertEquals("openai", started.provider());
        assertEquals(openai.redirectUri(), started.redirectUri());
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)), started.expiresAt());
    }

    @Test
    void theChallengeIsTheHashOfTheVerifierTheTokenEndpointLaterReceives() throws Exception {
        granting(ACCOUNT);
        Started started = start(alice, "openai");

        loggedIn(logins.complete(alice, "openai", started.state(), CODE));

        ScriptedTokenEndpoint.Call exchange = endpoint.calls().getFirst();
        assertEquals("authorization_code", exchange.grantType());
        assertEquals(CODE, exchange.code());
        assertEquals(started.state(), exchange.state());
        assertTrue(exchange.codeVerifier().matches("[A-Za-z0-9._~-]{43,128}"), "RFC 7636's verifier alphabet and length");
        assertNotEquals(started.state(), exchange.codeVerifier(), "this preset's state is a separate random value");
        assertEquals(s256(exchange.codeVerifier()), query(started.authorizationUrl()).get("code_challenge"));
    }

    @Test
    void aPresetWhoseStateIsTheVerifierSendsTheVerifierAsState() throws Exception {
        granting(null);
        Started started = start(alice, "anthropic");
        Map<String, String> parameters = query(started.authorizationUrl());

        loggedIn(logins.complete(alice, "anthropic", started.state(), CODE));

        ScriptedTokenEndpoint.Call exchange = endpoint.calls().getFirst();
        assertEquals(started.state(), exchange.codeVerifier());
        assertEquals(exchange.codeVerifier(), parameters.get("state"));
        assertEquals(s256(exchange.codeVerifier()), parameters.get("code_challenge"));
        assertEquals("true", parameters.get("code"), "the preset's extra parameter");
        assertEquals("client-anthropic", parameters.get("client_id"));
    }

    @Test
    void everyLoginHasItsOwnStateAndVerifier() {
        granting(ACCOUNT);
        Started first = start(alice, "openai");
        Started second = start(alice, "openai");
        assertNotEquals(first.state(), second.state());
        assertNotEquals(query(first.authorizationUrl()).get("code_challenge"),
                query(second.authorizationUrl()).get("code_challenge"));

        loggedIn(logins.complete(alice, "openai", second.state(), CODE));
        loggedIn(logins.complete(alice, "openai", first.state(), CODE));
        assertNotEquals(endpoint.calls().get(0).codeVerifier(), endpoint.calls().get(1).codeVerifier());
    }

    @Test
    void theVerifierIsKeptOnlyEncrypted() {
        // With this preset the state is the verifier, so the test knows what must not be stored in the clear.
        Started started = start(alice, "anthropic");

        PendingLogins.Pending kept = pending.take(alice, "anthropic", started.state()).orElseThrow();
        assertEquals("anthropic", kept.provider());
        String stored = new String(kept.encryptedVerifier(), StandardCharsets.ISO_8859_1);
        assertFalse(stored.contains(started.state()), "only ciphertext is kept");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a bare code, with the state given       | true  | {code}",
            "a bare code with spaces around it       | true  | '   {code}  '",
            "the whole redirect URL                  | false | http://localhost:1455/auth/callback?code={code}&state={state}",
            "the redirect URL with the state given   | true  | http://localhost:1455/auth/callback?state={state}&code={code}",
            "the redirect URL, answer in its fragment| false | http://localhost:1455/auth/callback#code={code}&state={state}",
            "its query string                        | false | ?code={code}&state={state}&scope=openid",
            "its query string without the ?          | false | code={code}&state={state}",
            "code#state                              | false | {code}#{state}",
            "code#state, with the state given        | true  | {code}#{state}"})
    void whateverTheUserPastesTheCodeAndStateAreFound(String form, boolean stateGiven, String template) {
        granting(ACCOUNT);
        Started started = start(alice, "openai");
        String response = template.replace("{code}", CODE).replace("{state}", started.state());

        ProviderCredential credential = loggedIn(logins.complete(alice, "openai", stateGiven ? started.state() : null,
                response));

        assertEquals("openai", credential.provider());
        assertEquals(1, endpoint.calls().size());
        assertEquals(CODE, endpoint.calls().getFirst().code());
        assertEquals(started.state(), endpoint.calls().getFirst().state());
    }

    @Test
    void aCodeEncodedInThePastedUrlIsDecoded() {
        granting(ACCOUNT);
        Started started = start(alice, "openai");

        loggedIn(logins.complete(alice, "openai", null,
                "http://localhost:1455/auth/callback?code=ac%2FCode%2B1%3D&state=" + started.state()));

        assertEquals("ac/Code+1=", endpoint.calls().getFirst().code());
    }

    @Test
    void aPastedAnswerOfAnotherLoginIsInvalidAndThisLoginStaysUsable() {
        granting(ACCOUNT);
        Started started = start(alice, "openai");
        Started other = start(alice, "openai");

        for (String response : List.of("http://localhost:1455/auth/callback?code=" + CODE + "&state=" + other.state(),
                CODE + "#" + other.state(), "code=" + CODE + "&state=" + other.state())) {
            Rejection why = rejected(logins.complete(alice, "openai", started.state(), response));
            assertEquals(ErrorCode.INVALID_INPUT, why.code(), response);
            assertTrue(why.message().contains("another login"), why.message());
        }
        assertEquals(List.of(), endpoint.calls());
        loggedIn(logins.complete(alice, "openai", started.state(), CODE));
        loggedIn(logins.complete(alice, "openai", other.state(), CODE));
    }

    @Test
    void withoutAStateAnywhereTheAnswerIsInvalid() {
        start(alice, "openai");

        Rejection why = rejected(logins.complete(alice, "openai", null, CODE));

        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        assertTrue(why.message().contains("state"), why.message());
        assertEquals(List.of(), endpoint.calls());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   "})
    void aBlankAnswerIsInvalidAndTheLoginStaysUsable(String response) {
        granting(ACCOUNT);
        Started started = start(alice, "openai");

        assertEquals(ErrorCode.INVALID_INPUT, rejected(logins.complete(alice, "openai", started.state(), response)).code());
        assertEquals(ErrorCode.INVALID_INPUT, rejected(logins.complete(alice, "openai", started.state(), null)).code());
        loggedIn(logins.complete(alice, "openai", started.state(), CODE));
    }

    @Test
    void anOverlongAnswerIsInvalidAndTheLoginStaysUsable() {
        granting(ACCOUNT);
        Started started = start(alice, "openai");

        Rejection why = rejected(logins.complete(alice, "openai", started.state(), "c".repeat(8193)));

        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        assertEquals(List.of(), endpoint.calls());
        loggedIn(logins.complete(alice, "openai", started.state(), "c".repeat(8192)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"code=&state={state}", "{code}x y", "?state={state}", "http://localhost:1455/auth/callback",
            "http://localhost:1455/auth/callback?state={state}&code=a%0Ab"})
    void anAnswerWithoutAUsableCodeIsInvalidNeverSentAndCanBeCorrected(String template) {
        Started started = start(alice, "openai");
        String response = template.replace("{code}", CODE).replace("{state}", started.state());

        Rejection why = rejected(logins.complete(alice, "openai", started.state(), response));

        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        assertEquals(List.of(), endpoint.calls());
        assertEquals(List.of(), credentials.list(alice));
        granting(ACCOUNT);
        loggedIn(logins.complete(alice, "openai", started.state(), CODE));
    }

    @Test
    void anUnknownStateIsNotFound() {
        start(alice, "openai");

        Rejection why = rejected(logins.complete(alice, "openai", "no-such-state", CODE));

        assertEquals(ErrorCode.NOT_FOUND, why.code());
        assertTrue(why.message().contains("/login openai"), why.message());
        assertEquals(List.of(), endpoint.calls());
    }

    @Test
    void aLoginIsCompletedOnlyOnce() {
        granting(ACCOUNT);
        Started started = start(alice, "openai");
        loggedIn(logins.complete(alice, "openai", started.state(), CODE));

        Rejection why = rejected(logins.complete(alice, "openai", started.state(), CODE));

        assertEquals(ErrorCode.NOT_FOUND, why.code());
        assertEquals(1, endpoint.calls().size(), "a used code is never sent again");
    }

    @Test
    void aLoginLastsTenMinutes() {
        granting(ACCOUNT);
        Started inTime = start(alice, "openai");
        Started tooLate = start(alice, "openai");
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        loggedIn(logins.complete(alice, "openai", inTime.state(), CODE));

        clock.advance(Duration.ofSeconds(1));
        Rejection why = rejected(logins.complete(alice, "openai", tooLate.state(), CODE));

        assertEquals(ErrorCode.NOT_FOUND, why.code());
        assertTrue(why.message().contains("10 minutes"), why.message());
        assertEquals(1, endpoint.calls().size());
    }

    @Test
    void anotherUsersLoginIsNotFoundAndStillHisToComplete() {
        granting(ACCOUNT);
        Started hers = start(alice, "openai");

        for (String response : List.of(CODE, "http://localhost:1455/auth/callback?code=" + CODE + "&state=" + hers.state())) {
            assertEquals(ErrorCode.NOT_FOUND, rejected(logins.complete(bob, "openai", hers.state(), response)).code());
        }

        assertEquals(List.of(), endpoint.calls());
        assertEquals(List.of(), credentials.list(bob));
        loggedIn(logins.complete(alice, "openai", hers.state(), CODE));
        assertEquals(List.of(), credentials.list(bob));
        assertEquals(1, credentials.list(alice).size());
    }

    @Test
    void completingAsAnotherConfiguredProviderIsNotFoundAndLeavesTheLogin() {
        Started started = start(alice, "anthropic");

        Rejection why = rejected(logins.complete(alice, "openai", started.state(), CODE));

        assertEquals(ErrorCode.NOT_FOUND, why.code());
        assertEquals(List.of(), endpoint.calls());
        assertEquals(List.of(), credentials.list(alice));
        granting(null);
        assertEquals("anthropic", loggedIn(logins.complete(alice, "anthropic", started.state(), CODE)).provider());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"mistral", "zai", "OpenAI", ""})
    void aProviderWithoutAnOAuthLoginIsInvalidInput(String provider) {
        Started started = start(alice, "openai");

        Rejection refused = assertInstanceOf(StartOutcome.Rejected.class, logins.start(alice, provider)).rejection();
        assertEquals(ErrorCode.INVALID_INPUT, refused.code());
        assertTrue(refused.message().contains("anthropic, openai"), refused.message());

        Rejection why = rejected(logins.complete(alice, provider, started.state(), CODE));
        assertEquals(ErrorCode.INVALID_INPUT, why.code());
        assertEquals(List.of(), endpoint.calls());
    }

    @Test
    void aNullProviderIsInvalidInput() {
        assertEquals(ErrorCode.INVALID_INPUT,
                assertInstanceOf(StartOutcome.Rejected.class, logins.start(alice, null)).rejection().code());
        assertEquals(ErrorCode.INVALID_INPUT, rejected(logins.complete(alice, null, "s", CODE)).code());
    }

    @Test
    void aRefusalInThePastedUrlIsAnAuthenticationFailureAndNothingIsAsked() {
        Started started = start(alice, "openai");

        Rejection why = rejected(logins.complete(alice, "openai", null, "http://localhost:1455/auth/callback"
                + "?error=access_denied&error_description=The%20user%20denied%20access&state=" + started.state()));

        assertEquals(ErrorCode.PROVIDER_AUTHENTICATION, why.code());
        assertTrue(why.message().contains("access_denied") && why.message().contains("The user denied access"),
                why.message());
        assertTrue(why.message().contains("/login openai"), why.message());
        assertEquals(List.of(), endpoint.calls());
        assertEquals(List.of(), credentials.list(alice));
    }

    @ParameterizedTest(name = "refused={0}")
    @CsvSource({"true, PROVIDER_AUTHENTICATION", "false, PROVIDER_UNAVAILABLE"})
    void aTokenEndpointThatSaysNoOrCannotBeReachedStoresNothing(boolean refused, ErrorCode expected) {
        endpoint.answer(call -> {
            throw new OAuthException(refused ? "invalid_grant: the code has expired" : "connection refused", refused);
        });
        Started started = start(alice, "anthropic");

        Rejection why = rejected(logins.complete(alice, "anthropic", started.state(), CODE));

        assertEquals(expected, why.code());
        assertTrue(why.message().contains(refused ? "invalid_grant" : "connection refused"), why.message());
        assertTrue(why.message().contains("/login anthropic"), why.message());
        assertEquals(List.of(), credentials.list(alice));
        assertEquals(Optional.empty(), credentials.accessFor(alice, "anthropic"));
    }

    @Test
    void aTokenWithoutTheAccountTheApiNeedsIsRefusedAndNotStored() {
        granting(null);
        Started started = start(alice, "openai");

        Rejection why = rejected(logins.complete(alice, "openai", started.state(), CODE));

        assertEquals(ErrorCode.PROVIDER_AUTHENTICATION, why.code());
        assertTrue(why.message().contains("chatgpt_account_id"), why.message());
        assertEquals(List.of(), credentials.list(alice));
    }

    @Test
    void aLoginIsStoredAsAnOAuthCredentialThatShowsNoTokenAndCanBeUsed() {
        granting(ACCOUNT);
        Instant now = clock.instant();
        Started started = start(alice, "openai");
        clock.advance(Duration.ofMinutes(2));

        ProviderCredential credential = loggedIn(logins.complete(alice, "openai", started.state(), CODE));

        Instant completed = now.plus(Duration.ofMinutes(2));
        assertEquals(new ProviderCredential(alice, "openai", CredentialKind.OAUTH, "OAuth login", "account …cdef", null,
                completed, completed, completed.plus(Duration.ofHours(8))), credential);
        assertEquals(List.of(credential), credentials.list(alice));
        assertEquals(Optional.of(new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS), ACCOUNT, openai.apiBaseUrl())),
                credentials.accessFor(alice, "openai"));
        assertEquals(1, endpoint.calls().size(), "the fresh token was used as it was, not renewed");
        byte[] ciphertext = store.find(alice, "openai").orElseThrow().ciphertext();
        assertFalse(new String(ciphertext, StandardCharsets.ISO_8859_1).contains(ACCESS), "stored only encrypted");
    }

    @Test
    void withoutAnAccountTheHintIsTheMaskedTokenNeverTheTokenItself() {
        granting(null);
        Started started = start(alice, "anthropic");

        ProviderCredential credential = loggedIn(logins.complete(alice, "anthropic", started.state(), CODE));

        assertEquals(CredentialKind.OAUTH, credential.kind());
        assertEquals("…1111", credential.hint());
        for (String secret : List.of(ACCESS, REFRESH, CODE, started.state())) {
            assertFalse(credential.toString().contains(secret), credential::toString);
        }
        assertEquals(Optional.of(new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS), null, null)),
                credentials.accessFor(alice, "anthropic"));
    }

    @Test
    void aNewLoginReplacesTheOldOneAndKeepsWhenTheFirstWasStored() {
        granting(null);
        Instant first = clock.instant();
        loggedIn(logins.complete(alice, "anthropic", start(alice, "anthropic").state(), CODE));
        clock.advance(Duration.ofDays(3));
        endpoint.answer(call -> new Grant(Secret.ofNullable("oat-second-login-token-0000-3333"), null, null, null));

        ProviderCredential second = loggedIn(logins.complete(alice, "anthropic", start(alice, "anthropic").state(), CODE));

        assertEquals(first, second.createdAt());
        assertEquals(clock.instant(), second.updatedAt());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), second.expiresAt(), "an unsaid lifetime counts as an hour");
        assertEquals(List.of(second), credentials.list(alice));
        assertEquals(Secret.ofNullable("oat-second-login-token-0000-3333"),
                credentials.accessFor(alice, "anthropic").orElseThrow().secret());
    }

    @Test
    void noRejectionEverQuotesTheVerifierTheCodeOrATokenOfAPresetWhoseStateIsTheVerifier() {
        // Every way to fail with the preset whose state is the verifier; rejected() checks each message.
        List<Rejection> all = new ArrayList<>();
        Started started = start(alice, "anthropic");
        String verifier = started.state();
        all.add(rejected(logins.complete(alice, "anthropic", verifier, CODE + "#" + verifier + "x")));
        all.add(rejected(logins.complete(bob, "anthropic", verifier, CODE)));
        all.add(rejected(logins.complete(alice, "openai", verifier, CODE)));
        all.add(rejected(logins.complete(alice, "mistral", verifier, CODE)));
        all.add(rejected(logins.complete(alice, "anthropic", verifier, "x".repeat(9000))));
        String second = start(alice, "anthropic").state();
        all.add(rejected(logins.complete(alice, "anthropic", null, "?error=invalid_scope&state=" + second)));
        endpoint.answer(call -> {
            throw new OAuthException("invalid_grant", true);
        });
        all.add(rejected(logins.complete(alice, "anthropic", null, CODE + "#" + start(alice, "anthropic").state())));
        endpoint.answer(call -> {
            throw new OAuthException("timed out", false);
        });
        all.add(rejected(logins.complete(alice, "anthropic", null, CODE + "#" + start(alice, "anthropic").state())));
        all.add(rejected(logins.complete(alice, "anthropic", verifier, CODE)));

        assertEquals(9, all.size());
        // The last one completes the first login, which the attempt under the wrong provider left alone.
        assertEquals(3, endpoint.calls().size());
        for (ScriptedTokenEndpoint.Call call : endpoint.calls()) {
            for (Rejection rejection : all) {
                assertFalse(rejection.message().contains(call.codeVerifier()), rejection::message);
            }
        }
    }

    @Test
    void aLoginStartedUnderAnotherMasterKeyIsRefusedPlainlyAndNeverExchanged() {
        Started started = start(alice, "openai");
        OAuthLoginService elsewhere = new OAuthLoginService(clients, pending, new AesGcmCipher(), endpoint, credentials, clock);

        Rejection rejection = rejected(elsewhere.complete(alice, "openai", started.state(), CODE));

        assertEquals(ErrorCode.INTERNAL, rejection.code());
        assertTrue(rejection.message().contains("start again with /login openai"), rejection.message());
        assertEquals(List.of(), endpoint.calls());
    }
}

package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.credential.OAuthClientConfig.TokenRequestFormat;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.fakes.InMemoryAbortSignals;
import dev.mosaic.application.fakes.AesGcmCipher;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.InMemoryReplyLeases;
import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.port.in.ManageCredentialsUseCase.PutOutcome;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.Grant;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.OAuthException;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatProviderFactory;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.service.CredentialService.UnusableCredentialException;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderSelectionTest {
    private static final String OPENAI_KEY = "sk-proj-0123456789abcdefWXYZ";
    private static final String ZAI_KEY = "zai-0123456789abcdef-QRST";
    private static final String ACCESS = "oat-access-token-0000-1111";
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryProviderCredentials store = new InMemoryProviderCredentials();
    private final AesGcmCipher cipher = new AesGcmCipher();
    private final ScriptedTokenEndpoint endpoint = new ScriptedTokenEndpoint();
    private final CredentialCheck keysAreFine = (provider, key, baseUrl) -> Optional.empty();
    private final Map<String, OAuthClientConfig> clients = Map.of("anthropic", new OAuthClientConfig("anthropic",
            URI.create("https://claude.example/oauth/authorize"), URI.create("https://console.example/v1/oauth/token"),
            "client-anthropic", URI.create("https://console.example/oauth/code/callback"), "user:inference", Map.of(),
            TokenRequestFormat.JSON, true, List.of(), null));
    private final CredentialService credentials = new CredentialService(store, cipher, keysAreFine, endpoint, clients, clock);

    private final ScriptedProvider gatewayOpenai = new ScriptedProvider("openai", ProviderSelectionTest::hello);
    private final ChatSettings gateway = new ChatSettings("openai", "gpt-gateway", 100_000, "Be brief.",
            "configured default", false, Duration.ofHours(1), null);

    private record Connection(String provider, ProviderAccess access) {}

    /** What the factory was asked to connect, and the adapters it made. */
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, ScriptedProvider> ownAdapters = new ConcurrentHashMap<>();
    private final ChatProviderFactory factory = (provider, access) -> {
        connections.add(new Connection(provider, access));
        return ownAdapters.computeIfAbsent(provider, id -> new ScriptedProvider(id, ProviderSelectionTest::hello));
    };
    /** Every provider can be reached with a user's key or login, each with a model that says which. */
    private final ProviderSelection.OwnCredentialSettings ownSettings = (provider, kind) -> Optional.of(own(provider, kind));

    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    private static ChatSettings own(String provider, CredentialKind kind) {
        return new ChatSettings(provider, provider + "-" + kind.wireName() + "-model", 50_000, "Be brief.", "placeholder",
                false, Duration.ofHours(1), null);
    }

    private static ProviderReply hello(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        listener.onEvent(new ChatStreamEvent.TextDelta("Hello"));
        return new ProviderReply(List.of(new ContentBlock.Text("Hello")), StopReason.END_TURN, new Usage(3, 1, 0), null,
                null);
    }

    private ProviderSelection selection(boolean usersChoose) {
        return selection(usersChoose, credentials, ownSettings);
    }

    private ProviderSelection selection(boolean usersChoose, CredentialService with,
            ProviderSelection.OwnCredentialSettings settings) {
        return new ProviderSelection(List.<ChatProvider>of(gatewayOpenai), () -> gateway, usersChoose,
                List.of("anthropic", "openai", "zai"), settings, with, factory);
    }

    private void putKey(UserId actor, String provider, String key, String baseUrl) {
        assertInstanceOf(PutOutcome.Saved.class,
                credentials.put(actor, new PutCredentialCommand(provider, Secret.ofNullable(key), null, baseUrl)));
    }

    /** An anthropic login stored now, valid for an hour. */
    private void logIn(UserId actor) {
        credentials.storeLogin(actor, "anthropic", new Grant(Secret.ofNullable(ACCESS),
                Secret.ofNullable("ort-refresh-token-0000-1111"), Duration.ofHours(1), null));
    }

    @ParameterizedTest(name = "usersChoose={0}")
    @ValueSource(booleans = {true, false})
    void withoutOwnCredentialsTheGatewaysChoiceAnswers(boolean usersChoose) {
        ProviderSelection.Selected selected = selection(usersChoose).select(alice);

        assertSame(gatewayOpenai, selected.provider());
        assertEquals(gateway, selected.settings());
        assertEquals(gateway, selection(usersChoose).settingsFor(alice));
        assertEquals(List.of(), connections);
    }

    @Test
    void anOwnKeyForTheConfiguredProviderIsUsedInsteadOfTheGateways() {
        putKey(alice, "openai", OPENAI_KEY, "https://proxy.example/v1");

        ProviderSelection.Selected selected = selection(false).select(alice);

        assertEquals(List.of(new Connection("openai", new ProviderAccess.ApiKey(Secret.ofNullable(OPENAI_KEY),
                URI.create("https://proxy.example/v1")))), connections);
        assertSame(ownAdapters.get("openai"), selected.provider());
        assertEquals(own("openai", CredentialKind.API_KEY).withReason("your own openai key (configured default)"),
                selected.settings());
        assertEquals(selected.settings(), selection(false).settingsFor(alice));
        assertEquals(gateway, selection(false).settingsFor(bob), "bob stored nothing");
    }

    @Test
    void anOwnLoginForTheConfiguredProviderIsUsedAndSaidToBeALogin() {
        ChatSettings anthropicGateway = new ChatSettings("anthropic", "claude-gateway", 100_000, "", "configured default",
                false, Duration.ofHours(1), null);
        logIn(alice);
        ProviderSelection selection = new ProviderSelection(List.of(new ScriptedProvider("anthropic",
                ProviderSelectionTest::hello)), () -> anthropicGateway, false, List.of(), ownSettings, credentials, factory);

        ProviderSelection.Selected selected = selection.select(alice);

        assertEquals(List.of(new Connection("anthropic", new ProviderAccess.OAuthToken(Secret.ofNullable(ACCESS), null,
                null))), connections);
        assertSame(ownAdapters.get("anthropic"), selected.provider());
        assertEquals("your own anthropic login (configured default)", selected.settings().reason());
        assertEquals("anthropic-oauth-model", selected.settings().model());
    }

    @Test
    void whenUsersChooseTheirCredentialsComeFirstInPreferenceOrderEvenForAnotherProvider() {
        putKey(alice, "zai", ZAI_KEY, null);

        ProviderSelection.Selected zai = selection(true).select(alice);
        assertEquals("zai", zai.settings().provider());
        assertSame(ownAdapters.get("zai"), zai.provider());
        assertEquals("your own zai key (your credentials come before the gateway's automatic choice)",
                zai.settings().reason());

        logIn(alice);
        ProviderSelection.Selected anthropic = selection(true).select(alice);
        assertEquals("anthropic-oauth-model", anthropic.settings().model(), "anthropic comes before zai");
        assertTrue(anthropic.settings().reason().startsWith("your own anthropic login"), anthropic.settings().reason());
        assertEquals(List.of("zai", "anthropic"), connections.stream().map(Connection::provider).toList());
        assertEquals(anthropic.settings(), selection(true).settingsFor(alice));
    }

    @Test
    void whenUsersChooseAnOwnKeyForTheGatewaysProviderKeepsTheGatewaysReason() {
        putKey(alice, "zai", ZAI_KEY, null);
        putKey(alice, "openai", OPENAI_KEY, null);

        ProviderSelection.Selected selected = selection(true).select(alice);

        assertEquals("openai", selected.settings().provider(), "openai comes before zai");
        assertEquals("your own openai key (configured default)", selected.settings().reason());
        assertEquals(List.of(new Connection("openai", new ProviderAccess.ApiKey(Secret.ofNullable(OPENAI_KEY), null))),
                connections);
    }

    @Test
    void whenUsersDoNotChooseCredentialsForOtherProvidersAreIgnored() {
        putKey(alice, "zai", ZAI_KEY, null);
        logIn(alice);

        ProviderSelection.Selected selected = selection(false).select(alice);

        assertSame(gatewayOpenai, selected.provider());
        assertEquals(gateway, selected.settings());
        assertEquals(gateway, selection(false).settingsFor(alice));
        assertEquals(List.of(), connections);
    }

    @Test
    void whenUsersChooseOnlyProvidersTheGatewayPrefersCount() {
        putKey(alice, "ollama", "ollama-key-0123456789", "http://10.0.0.5:11434/v1");

        assertSame(gatewayOpenai, selection(true).select(alice).provider());
        assertEquals(List.of(), connections);
    }

    @Test
    void aCredentialNoSettingsExistForIsPassedOver() {
        putKey(alice, "zai", ZAI_KEY, null);
        logIn(alice);
        ProviderSelection.OwnCredentialSettings keysOnly = (provider, kind) -> kind == CredentialKind.API_KEY
                ? Optional.of(own(provider, kind)) : Optional.empty();

        ProviderSelection.Selected selected = selection(true, credentials, keysOnly).select(alice);

        assertEquals("zai", selected.settings().provider());
        assertEquals(List.of("zai"), connections.stream().map(Connection::provider).toList());
    }

    @Test
    void settingsForNeverDecryptsSoItWorksEvenWhenTheKeyCannotBeRead() {
        putKey(alice, "openai", OPENAI_KEY, null);
        // A gateway whose master key is another: listing works, decrypting does not.
        CredentialService withoutTheKey = new CredentialService(store, new AesGcmCipher(), keysAreFine, endpoint, clients,
                clock);
        ProviderSelection selection = selection(false, withoutTheKey, ownSettings);

        assertEquals("your own openai key (configured default)", selection.settingsFor(alice).reason());

        UnusableCredentialException unusable = assertThrows(UnusableCredentialException.class, () -> selection.select(alice));
        assertTrue(unusable.getMessage().contains("cannot be decrypted"), unusable.getMessage());
        assertEquals(List.of(), connections);
    }

    @Test
    void aLoginThatCannotBeRenewedMakesSelectionFailButNotItsDescription() {
        logIn(alice);
        clock.advance(Duration.ofHours(2));
        endpoint.answer(call -> {
            throw new OAuthException("invalid_grant", true);
        });

        assertTrue(selection(true).settingsFor(alice).reason().startsWith("your own anthropic login"));
        assertEquals(List.of(), endpoint.calls(), "describing the choice renews nothing");

        UnusableCredentialException unusable = assertThrows(UnusableCredentialException.class,
                () -> selection(true).select(alice));
        assertTrue(unusable.getMessage().contains("/login anthropic"), unusable.getMessage());
        assertEquals(List.of(), connections);
    }

    @Test
    void aCredentialRemovedWhileChoosingLeavesTheGatewaysChoice() {
        putKey(alice, "openai", OPENAI_KEY, null);
        // Removed after the choice was made from the list, before its secret is read.
        ProviderSelection.OwnCredentialSettings removing = (provider, kind) -> {
            store.delete(alice, provider);
            return Optional.of(own(provider, kind));
        };

        ProviderSelection.Selected selected = selection(false, credentials, removing).select(alice);

        assertSame(gatewayOpenai, selected.provider());
        assertEquals(gateway, selected.settings());
        assertEquals(List.of(), connections);
    }

    @Test
    void aGatewayWithoutAnAdapterForItsChoiceFailsLoudly() {
        ProviderSelection selection = new ProviderSelection(List.of(), () -> gateway, false, List.of(), ownSettings,
                credentials, factory);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> selection.select(alice));
        assertTrue(failure.getMessage().contains("openai"), failure.getMessage());
    }

    /** Through {@link ChatService}, where the selection is made for each message. */
    private ChatService chat(InMemoryConversations conversations, ProviderSelection selection) {
        return new ChatService(conversations, new InMemoryReplyLeases(), new InMemoryAbortSignals(), selection,
                new ContextManager(new InMemoryCheckpoints(conversations),
                        new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), clock),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)), new RecordingCircuits(),
                new ModelCatalogService(List.of()), clock);
    }

    @Test
    void aUserWhoseLoginCannotBeRenewedIsRefusedBeforeAnythingIsStoredAndOthersAreUnaffected() {
        UserId carol = UserId.random();
        logIn(alice);
        clock.advance(Duration.ofMinutes(30));
        logIn(carol);
        clock.advance(Duration.ofMinutes(45));
        endpoint.answer(call -> {
            throw new OAuthException("invalid_grant: refresh token revoked", true);
        });
        InMemoryConversations conversations = new InMemoryConversations();
        ConversationId existing = ConversationId.random();
        conversations.create(alice, new Conversation(existing, alice, "earlier", T0));
        ChatService chat = chat(conversations, selection(true));
        List<ConversationEvent> events = new CopyOnWriteArrayList<>();

        for (Optional<ConversationId> conversation : List.of(Optional.<ConversationId>empty(), Optional.of(existing))) {
            SendOutcome outcome = chat.send(new SendMessageCommand(alice, conversation, "hi", "r1"), events::add);
            SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
            assertEquals(ErrorCode.PROVIDER_AUTHENTICATION, rejected.rejection().code());
            assertTrue(rejected.rejection().message().contains("/login anthropic"), rejected.rejection().message());
        }
        assertEquals(1, conversations.list(alice, false, new PageRequest(1, 10)).total(), "no new conversation");
        assertEquals(List.of(), conversations.messages(alice, existing));
        assertEquals(List.of(), events);
        assertEquals(List.of(), connections);
        assertEquals(List.of(), gatewayOpenai.requests());

        SendOutcome.Replied bobs = assertInstanceOf(SendOutcome.Replied.class,
                chat.send(new SendMessageCommand(bob, Optional.empty(), "hi", null), event -> {}));
        assertEquals("Hello", bobs.reply().text());
        assertEquals("openai", bobs.reply().generation().provider(), "bob has no credentials: the gateway answers");
        assertEquals(1, gatewayOpenai.requests().size());

        List<ConversationEvent> carols = new CopyOnWriteArrayList<>();
        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class,
                chat.send(new SendMessageCommand(carol, Optional.empty(), "hi", null), carols::add));
        assertEquals("anthropic", replied.reply().generation().provider(), "carol's login is still fresh");
        assertEquals(1, ownAdapters.get("anthropic").requests().size());
        ConversationEvent.SessionInfo info = assertInstanceOf(ConversationEvent.SessionInfo.class, carols.getFirst());
        assertTrue(info.reason().startsWith("your own anthropic login"), info.reason());
        assertEquals(2, endpoint.calls().size(), "only alice's login was due for renewal, once per message");
    }

    @Test
    void aUsersOwnKeyBeingLimitedOrRefusedDoesNotMakeTheProviderLookUnhealthyForEveryone() {
        putKey(alice, "openai", OPENAI_KEY, null);
        ScriptedProvider alicesOpenai = ownAdapters.computeIfAbsent("openai",
                id -> new ScriptedProvider(id, ProviderSelectionTest::hello));
        RecordingCircuits circuits = new RecordingCircuits();
        InMemoryConversations conversations = new InMemoryConversations();
        ChatService chat = new ChatService(conversations, new InMemoryReplyLeases(), new InMemoryAbortSignals(), selection(false),
                new ContextManager(new InMemoryCheckpoints(conversations),
                        new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), clock),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)), circuits, new ModelCatalogService(List.of()),
                clock);

        for (ProviderError.Kind kind : List.of(ProviderError.Kind.RATE_LIMITED, ProviderError.Kind.AUTHENTICATION,
                ProviderError.Kind.UNAVAILABLE)) {
            alicesOpenai.script((request, listener, cancellation) -> ProviderReply.failed(List.of(), null, request.model(),
                    ProviderError.of(kind, "no")));
            chat.send(new SendMessageCommand(alice, Optional.empty(), "hi", null), event -> {});
        }
        gatewayOpenai.script((request, listener, cancellation) -> ProviderReply.failed(List.of(), null, request.model(),
                ProviderError.of(ProviderError.Kind.RATE_LIMITED, "no")));
        chat.send(new SendMessageCommand(bob, Optional.empty(), "hi", null), event -> {});

        assertEquals(List.of("openai:UNAVAILABLE", "openai:RATE_LIMITED"), circuits.outcomes(),
                "alice's outage counts, her key's limits do not; the gateway's own key's limits do");
    }
}

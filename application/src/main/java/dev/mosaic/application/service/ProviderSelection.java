package dev.mosaic.application.service;

import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatProviderFactory;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.domain.user.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which provider and model answer a user, and with whose credentials. Until routing rules exist
 * the gateway's configured choice answers everyone, except that a user's own key or login for that
 * provider is used instead of the gateway's; and when the gateway picks its provider automatically,
 * a user's own credentials come first, so a user who stored one talks to that provider.
 */
public final class ProviderSelection {

    /**
     * The provider to call, and how; {@code settings.reason()} tells the user why.
     *
     * @param ownCredential true when the call is made with the user's own key or login
     */
    public record Selected(ChatProvider provider, ChatSettings settings, boolean ownCredential) {}

    /** Settings for a provider reached with a user's own credential of a kind; empty when none can be used. */
    public interface OwnCredentialSettings extends BiFunction<String, CredentialKind, Optional<ChatSettings>> {}

    private final Map<String, ChatProvider> gatewayAdapters;
    private final Supplier<ChatSettings> configured;
    private final boolean usersChoose;
    private final List<String> preference;
    private final OwnCredentialSettings ownSettings;
    private final CredentialService credentials;
    private final ChatProviderFactory factory;

    /**
     * @param gatewayAdapters the providers the gateway itself has credentials for
     * @param configured the gateway's choice
     * @param usersChoose true when the gateway picks its provider automatically; then a user's own
     *     credentials, in {@code preference} order, come before it
     */
    public ProviderSelection(List<ChatProvider> gatewayAdapters, Supplier<ChatSettings> configured, boolean usersChoose,
            List<String> preference, OwnCredentialSettings ownSettings, CredentialService credentials,
            ChatProviderFactory factory) {
        this.gatewayAdapters = gatewayAdapters.stream().collect(Collectors.toUnmodifiableMap(ChatProvider::id,
                Function.identity()));
        this.configured = Objects.requireNonNull(configured);
        this.usersChoose = usersChoose;
        this.preference = List.copyOf(preference);
        this.ownSettings = Objects.requireNonNull(ownSettings);
        this.credentials = Objects.requireNonNull(credentials);
        this.factory = Objects.requireNonNull(factory);
    }

    /** What answers the actor's next message, without touching any secret (for /model, /history). */
    public ChatSettings settingsFor(UserId actor) {
        return plan(actor).settings();
    }

    /**
     * @throws CredentialService.UnusableCredentialException when the actor's own credential would answer
     *     but cannot be used (e.g. an expired login that cannot be renewed)
     */
    public Selected select(UserId actor) {
        Plan plan = plan(actor);
        if (plan.own() != null) {
            Optional<ProviderAccess> access = credentials.accessFor(actor, plan.own().provider());
            if (access.isPresent()) {
                return new Selected(factory.connect(plan.own().provider(), access.get()), plan.settings(), true);
            }
            // Removed a moment ago: the gateway's own choice answers.
            plan = gatewayPlan();
        }
        ChatProvider adapter = gatewayAdapters.get(plan.settings().provider());
        if (adapter == null) {
            throw new IllegalStateException("no provider adapter is configured for '" + plan.settings().provider() + "'");
        }
        return new Selected(adapter, plan.settings(), false);
    }

    private record Plan(ChatSettings settings, ProviderCredential own) {}

    private Plan plan(UserId actor) {
        ChatSettings gateway = configured.get();
        Comparator<ProviderCredential> preferred = Comparator.comparingInt(c -> rank(c.provider()));
        return credentials.list(actor).stream()
                .filter(c -> usersChoose ? preference.contains(c.provider()) : c.provider().equals(gateway.provider()))
                .sorted(preferred)
                .flatMap(c -> ownSettings.apply(c.provider(), c.kind()).map(s -> new Plan(s.withReason(reason(c, gateway)), c))
                        .stream())
                .findFirst()
                .orElseGet(() -> new Plan(gateway, null));
    }

    private Plan gatewayPlan() {
        return new Plan(configured.get(), null);
    }

    private String reason(ProviderCredential own, ChatSettings gateway) {
        String whose = "your own " + own.provider() + (own.kind() == CredentialKind.OAUTH ? " login" : " key");
        return usersChoose && !own.provider().equals(gateway.provider())
                ? whose + " (your credentials come before the gateway's automatic choice)"
                : whose + " (" + gateway.reason() + ")";
    }

    private int rank(String provider) {
        int at = preference.indexOf(provider);
        return at < 0 ? Integer.MAX_VALUE : at;
    }
}

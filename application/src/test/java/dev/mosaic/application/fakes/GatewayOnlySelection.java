package dev.mosaic.application.fakes;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.service.ChatSettings;
import dev.mosaic.application.service.CredentialService;
import dev.mosaic.application.service.ProviderSelection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A {@link ProviderSelection} for tests about something else: no user has credentials, so the gateway's choice answers. */
public final class GatewayOnlySelection {
    private GatewayOnlySelection() {}

    public static ProviderSelection of(List<ChatProvider> providers, Supplier<ChatSettings> settings) {
        CredentialService noCredentials = new CredentialService(new InMemoryProviderCredentials(), new AesGcmCipher(),
                (provider, key, baseUrl) -> Optional.of(new CredentialCheck.Problem(ErrorCode.INVALID_INPUT, "not in this test")),
                new ScriptedTokenEndpoint(), Map.of(), Clock.systemUTC());
        return new ProviderSelection(providers, settings, false, List.of(), (provider, kind) -> Optional.empty(),
                noCredentials, (provider, access) -> {
                    throw new AssertionError("no user has credentials in this test");
                });
    }
}

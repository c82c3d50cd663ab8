package dev.mosaic.application.fakes;

import dev.mosaic.application.contract.ProviderCredentialsContract;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.domain.user.UserId;

/** The fake passes the same contract as the PostgreSQL adapter, so tests of the core can trust it. */
class InMemoryProviderCredentialsTest extends ProviderCredentialsContract {
    private final InMemoryProviderCredentials store = new InMemoryProviderCredentials();

    @Override
    protected ProviderCredentials credentials() {
        return store;
    }

    @Override
    protected UserId newUser() {
        return UserId.random();
    }
}

package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.contract.AccountsContract;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Users;

class PostgresAccountsContractTest extends AccountsContract {
    private static final PostgresDatabase database = TestDatabase.shared();

    @Override
    protected Users users() {
        return database.users();
    }

    @Override
    protected ApiTokens tokens() {
        return database.apiTokens();
    }
}

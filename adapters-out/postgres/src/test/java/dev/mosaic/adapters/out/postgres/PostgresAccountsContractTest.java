package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.contract.AccountsContract;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresAccountsContractTest extends AccountsContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void start() {
        database = TestDatabase.start(4);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Users users() {
        return database.users();
    }

    @Override
    protected ApiTokens tokens() {
        return database.apiTokens();
    }
}

package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.contract.ConversationsContract;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.user.UserId;

class PostgresConversationsContractTest extends ConversationsContract {
    private static final PostgresDatabase database = TestDatabase.shared();

    @Override
    protected Conversations conversations() {
        return database.conversations();
    }

    @Override
    protected UserId newUser() {
        return TestDatabase.newUser(database);
    }
}

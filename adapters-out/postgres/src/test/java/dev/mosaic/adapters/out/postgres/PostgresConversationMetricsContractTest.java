package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.contract.ConversationMetricsContract;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.user.UserId;

class PostgresConversationMetricsContractTest extends ConversationMetricsContract {
    private static final PostgresDatabase database = TestDatabase.shared();

    @Override
    protected ConversationMetrics metrics() {
        return database.conversationMetrics();
    }

    @Override
    protected Conversations conversations() {
        return database.conversations();
    }

    @Override
    protected UserId newUser() {
        return TestDatabase.newUser(database);
    }
}

package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.contract.CheckpointsContract;
import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresCheckpointsContractTest extends CheckpointsContract {
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
    protected Checkpoints checkpoints() {
        return database.checkpoints();
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

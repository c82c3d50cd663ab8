package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.contract.CheckpointsContract;
import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.user.UserId;

class PostgresCheckpointsContractTest extends CheckpointsContract {
    private static final PostgresDatabase database = TestDatabase.shared();

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

package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.postgres.PostgresConfig;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;

/** Opens the database from the settings; migrations run as the owner role on the way. */
final class Storage {
    private Storage() {}

    static PostgresDatabase open(GatewaySettings.Database settings) {
        return PostgresDatabase.start(new PostgresConfig(settings.url(), settings.user(), settings.password(),
                settings.ownerUser(), settings.ownerPassword(), settings.poolSize()));
    }
}

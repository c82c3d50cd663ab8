package dev.mosaic.architecture.planted.application.service;

import java.sql.Connection;
import java.sql.SQLException;

/** Violation: JDBC (java.sql) in the core. */
public final class SqlService {
    public void run(Connection connection) throws SQLException {
        connection.commit();
    }
}

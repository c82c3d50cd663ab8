package dev.mosaic.adapters.out.postgres;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** MyBatis has no handler for {@link UUID}; the PostgreSQL driver maps it to {@code uuid} natively. */
final class UuidTypeHandler extends BaseTypeHandler<UUID> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, UUID value, JdbcType jdbcType)
            throws SQLException {
        statement.setObject(index, value);
    }

    @Override
    public UUID getNullableResult(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, UUID.class);
    }

    @Override
    public UUID getNullableResult(ResultSet rows, int index) throws SQLException {
        return rows.getObject(index, UUID.class);
    }

    @Override
    public UUID getNullableResult(CallableStatement call, int index) throws SQLException {
        return call.getObject(index, UUID.class);
    }
}

package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * pgvector's {@code vector} type for MyBatis. Written as the driver object pgvector-java provides,
 * which names its type; read from its text form, so no connection needs the type registered first.
 */
final class VectorTypeHandler extends BaseTypeHandler<PGvector> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, PGvector value, JdbcType jdbcType)
            throws SQLException {
        statement.setObject(index, value);
    }

    @Override
    public PGvector getNullableResult(ResultSet rows, String column) throws SQLException {
        return parse(rows.getString(column));
    }

    @Override
    public PGvector getNullableResult(ResultSet rows, int index) throws SQLException {
        return parse(rows.getString(index));
    }

    @Override
    public PGvector getNullableResult(CallableStatement call, int index) throws SQLException {
        return parse(call.getString(index));
    }

    private static PGvector parse(String text) throws SQLException {
        return text == null ? null : new PGvector(text);
    }
}

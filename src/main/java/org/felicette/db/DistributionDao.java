package org.felicette.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.felicette.tapschema.Distribution;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * A table's distribution hints (felicette.table_distribution). Each change renumbers the table's
 * TAP_SCHEMA row, so that what readers know of the table (ETags, other instances) moves with it.
 */
public interface DistributionDao extends SqlObject {

    @SqlQuery("""
            SELECT is_partitioned, is_director, id_col_name, longitude_col_name, latitude_col_name,
                   ref_director_table, ref_director_id_col_name
            FROM felicette.table_distribution WHERE table_name = :table
            """)
    @UseRowMapper(DistributionMapper.class)
    Optional<Distribution> distribution(String table);

    @SqlUpdate("""
            INSERT INTO felicette.table_distribution (table_name, is_partitioned, is_director, id_col_name,
                longitude_col_name, latitude_col_name, ref_director_table, ref_director_id_col_name, changed_by)
            VALUES (:table, :d.partitioned, :d.director, :d.idColumn, :d.longitudeColumn, :d.latitudeColumn,
                    :d.refDirectorTable, :d.refDirectorIdColumn, :by)
            ON CONFLICT (table_name) DO UPDATE SET is_partitioned = excluded.is_partitioned,
                is_director = excluded.is_director, id_col_name = excluded.id_col_name,
                longitude_col_name = excluded.longitude_col_name, latitude_col_name = excluded.latitude_col_name,
                ref_director_table = excluded.ref_director_table,
                ref_director_id_col_name = excluded.ref_director_id_col_name,
                changed_by = excluded.changed_by, changed_at = now()
            """)
    void put(String table, @BindMethods("d") Distribution d, String by);

    @SqlUpdate("DELETE FROM felicette.table_distribution WHERE table_name = :table")
    int delete(String table);

    /** Moves the table's change number (the renumbering trigger does it on any update). */
    @SqlUpdate("UPDATE tap_schema.tables11 SET description = description WHERE table_name = :table")
    void touch(String table);

    final class DistributionMapper implements RowMapper<Distribution> {
        @Override
        public Distribution map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Distribution(rs.getBoolean("is_partitioned"), rs.getBoolean("is_director"),
                    rs.getString("id_col_name"), rs.getString("longitude_col_name"), rs.getString("latitude_col_name"),
                    rs.getString("ref_director_table"), rs.getString("ref_director_id_col_name"));
        }
    }
}

package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The user-table DAO on a real database: DDL, TAP_SCHEMA rows, permissions and lookups. */
class UserTableDaoTest {

    private static Jdbi jdbi;

    @BeforeAll
    static void aTable() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        jdbi.useTransaction(h -> {
            UserTableDao dao = h.attach(UserTableDao.class);
            TableName name = TableName.parse("dao_s.Stars");
            dao.createPhysicalSchema(new SchemaName("dao_s"));
            dao.insertSchema(new SchemaInfo("dao_s", "u:s", "A schema.", null, Access.privateTo("alice"), true));
            dao.createPhysicalTable(name, List.of("\"ra\" double precision", "\"dec\" double precision",
                    "\"label\" varchar(16)"));
            dao.insertTable(new TableInfo("dao_s", "dao_s.Stars", "table", null, "Stars.", null,
                    new Access("alice", true, "astro", null), true, null));
            dao.insertColumns(List.of(
                    new ColumnInfo("dao_s.Stars", "ra", null, "pos.eq.ra", "deg", null, "double", null, null,
                            true, false, false, 1, true, false, 1, "starsRa"),
                    new ColumnInfo("dao_s.Stars", "dec", null, null, "deg", null, "double", null, null,
                            true, false, false, 2, true, false, 2, null)));
        });
    }

    @Test
    void tablesAndSchemasAreFoundWithoutCaseAndCarryTheirAccess() {
        jdbi.useHandle(h -> {
            UserTableDao dao = h.attach(UserTableDao.class);
            assertThat(dao.table("DAO_S.stars")).hasValueSatisfying(t -> {
                assertThat(t.name()).isEqualTo("dao_s.Stars");
                assertThat(t.access()).isEqualTo(new Access("alice", true, "astro", null));
                assertThat(t.apiCreated()).isTrue();
            });
            assertThat(dao.schema("Dao_S")).hasValueSatisfying(s -> {
                assertThat(s.utype()).isEqualTo("u:s");
                assertThat(s.access().isPublic()).isFalse();
            });
            assertThat(dao.tableTaken("dao_s.STARS", "dao_s.stars")).isTrue();
            assertThat(dao.tableTaken("dao_s.nothing", "dao_s.nothing")).isFalse();
        });
    }

    @Test
    void accessIsWrittenAsCadcsColumns() {
        jdbi.useTransaction(h -> {
            UserTableDao dao = h.attach(UserTableDao.class);
            dao.setTableAccess("dao_s.Stars", new Access("alice", false, null, "team"));
            assertThat(h.createQuery("SELECT read_anon || ',' || coalesce(read_only_group, '') || ',' || read_write_group "
                    + "FROM tap_schema.tables11 WHERE table_name = 'dao_s.Stars'").mapTo(String.class).one())
                    .isEqualTo("0,,team");
            h.rollback();
        });
    }

    @Test
    void columnsComeBackInIndexOrderWithTheirIds() {
        jdbi.useHandle(h -> {
            UserTableDao dao = h.attach(UserTableDao.class);
            assertThat(dao.columns("dao_s.Stars")).extracting(c -> c.name() + ":" + c.columnId())
                    .containsExactly("ra:starsRa", "dec:null");
            assertThat(dao.columnWithId("starsRa")).contains("dao_s.Stars.ra");
            assertThat(dao.columnWithId("nobody")).isEmpty();
        });
    }

    @Test
    void physicalColumnsAreReadFromTheDatabase() {
        jdbi.useHandle(h -> assertThat(h.attach(UserTableDao.class).physicalColumns("dao_s.stars"))
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("ra double precision", "dec double precision", "label character varying(16)"));
        jdbi.useHandle(h -> assertThat(h.attach(UserTableDao.class).physicalColumns("dao_s.none")).isEmpty());
    }

    @Test
    void usageCountsTheOwnersTablesAndTheirBytes() {
        jdbi.useHandle(h -> {
            UserTableDao.Usage usage = h.attach(UserTableDao.class).usage("alice");
            assertThat(usage.tables()).isEqualTo(1);
            assertThat(usage.bytes()).isGreaterThanOrEqualTo(0);
            assertThat(h.attach(UserTableDao.class).usage("bob").tables()).isZero();
        });
    }
}

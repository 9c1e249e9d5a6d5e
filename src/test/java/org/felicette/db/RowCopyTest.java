package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.felicette.ingest.BadData;
import org.felicette.ingest.CopyBinary;
import org.felicette.ingest.CopyText;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The COPY path where it is, against PostgreSQL: RowCopy with the text and binary writers, each
 * value as PostgreSQL keeps it, and each refusal with its row, column and value.
 */
class RowCopyTest {

    private static Jdbi jdbi;
    private static final TableName TABLE = TableName.parse("copy_test.t");
    private static final List<ColumnName> COLUMNS = List.of(new ColumnName("id"), new ColumnName("flags"),
            new ColumnName("pos"), new ColumnName("label"));

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        jdbi.useHandle(h -> {
            h.execute("CREATE SCHEMA copy_test");
            h.execute("CREATE TABLE copy_test.t (id bigint, flags smallint, pos double precision[], label text)");
        });
    }

    static List<String> rows(Handle h) {
        return h.createQuery("SELECT id || '|' || coalesce(flags::text, 'null') || '|' || coalesce(pos::text, 'null') "
                + "|| '|' || coalesce(label, 'null') FROM copy_test.t ORDER BY id").mapTo(String.class).list();
    }

    static List<CopyText.Column> columns() {
        return List.of(new CopyText.Column("id", "long", null, null),
                new CopyText.Column("flags", "unsignedByte", null, null),
                new CopyText.Column("pos", "double", "2", "point"),
                new CopyText.Column("label", "char", "*", null));
    }

    @Test
    void textRowsArriveAsPostgresKeepsThem() throws IOException {
        jdbi.useTransaction(h -> {
            try (RowCopy copy = RowCopy.start(new Tx(h), TABLE, COLUMNS, RowCopy.Input.TEXT, false)) {
                CopyText text = new CopyText(copy.stream(), columns());
                text.row(new Object[] {1L, "7", "1.5 -2", "tab\there"});
                text.row(new Object[] {2L, null, new double[] {3, 4}, "back\\slash\nnewline"});
                text.row(new Object[] {3L, 255, "{5,6}", null});
                text.finish();
                assertThat(copy.finish()).isEqualTo(3);
            }
            assertThat(rows(h)).containsExactly("1|7|{1.5,-2}|tab\there", "2|null|{3,4}|back\\slash\nnewline",
                    "3|255|{5,6}|null");
            h.rollback();
        });
    }

    @Test
    void aValueOutsideItsVotableTypeIsRefusedBeforePostgresSeesIt() {
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            try (RowCopy copy = RowCopy.start(new Tx(h), TABLE, COLUMNS, RowCopy.Input.TEXT, false)) {
                CopyText text = new CopyText(copy.stream(), columns());
                text.row(new Object[] {1L, "1", "1 2", "ok"});
                text.row(new Object[] {2L, "1", "1 2 3", "three values"});
            }
        })).isInstanceOf(BadData.class)
                .hasMessage("row 2, column 'pos': '1 2 3' has 3 values; arraysize 2 holds exactly 2");
    }

    @Test
    void postgresRefusalsNameTheRowColumnAndValue() {
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            try (RowCopy copy = RowCopy.start(new Tx(h), TABLE, COLUMNS, RowCopy.Input.CSV, false)) {
                copy.sendAll(new ByteArrayInputStream("1,2,\"{1,2}\",a\n2,x,\"{1,2}\",b\n"
                        .getBytes(StandardCharsets.UTF_8)));
                copy.finish();
            }
        })).isInstanceOfSatisfying(RowCopy.Rejected.class, e -> {
            assertThat(e.sqlState()).isEqualTo("22P02");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("flags");
            assertThat(e.value()).isEqualTo("x");
        });
        jdbi.useHandle(h -> assertThat(rows(h)).isEmpty());
    }

    @Test
    void binaryRowsCheckTheirRanges() throws IOException {
        List<ColumnName> scalars = List.of(new ColumnName("id"), new ColumnName("flags"), new ColumnName("label"));
        CopyBinary.Type[] types = {CopyBinary.Type.INT8, CopyBinary.Type.INT2, CopyBinary.Type.TEXT};
        jdbi.useTransaction(h -> {
            try (RowCopy copy = RowCopy.start(new Tx(h), TABLE, scalars, RowCopy.Input.BINARY, false)) {
                CopyBinary binary = new CopyBinary(copy.stream(), types, new String[] {"id", "flags", "label"},
                        new String[] {"long", "unsignedByte", "char"});
                binary.row(new Object[] {10L, (short) 200, "é"});
                assertThatThrownBy(() -> binary.row(new Object[] {11L, (short) 300, "x"})).isInstanceOf(BadData.class)
                        .hasMessage("row 2, column 'flags': '300' is out of range for unsignedByte (0 to 255)");
            }
            h.rollback();
        });
    }
}

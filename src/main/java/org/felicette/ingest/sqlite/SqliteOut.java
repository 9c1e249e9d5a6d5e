package org.felicette.ingest.sqlite;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer of SQLite 3 database files (the file format of sqlite.org, schema format 4, UTF-8,
 * 4 KiB pages) as rows stream in, one table after another: each table's rows fill leaf pages in
 * rowid order, values too long for a page go to overflow pages, and the interior pages are built
 * when the table ends. Page 1, with the schema table, is written last. Memory holds one page and
 * one level of page numbers; the file is what SQLite itself, Python's {@code sqlite3}, pandas and
 * TOPCAT open. No dependency: the SQLite JDBC driver ships native libraries for every platform.
 */
public final class SqliteOut implements Closeable {

    /** The type affinity a column is declared with, and what its values are stored as. */
    public enum Affinity {
        INTEGER, REAL, TEXT
    }

    /** A column of a table, declared with its affinity's name or with a type of its own (e.g. {@code VARCHAR(64) NOT NULL}). */
    public record Column(String name, Affinity affinity, String declared) {

        public Column(String name, Affinity affinity) {
            this(name, affinity, affinity.name());
        }
    }

    private static final int PAGE = 4096;
    private static final int MAX_LOCAL = PAGE - 35;
    private static final int MIN_LOCAL = (PAGE - 12) * 32 / 255 - 23;
    private static final int LEAF = 0x0d;
    private static final int INTERIOR = 0x05;

    private final FileChannel file;
    private final List<byte[]> schema = new ArrayList<>();
    private int pages = 1;
    private Table table;

    /** Creates (or replaces) the file. */
    public SqliteOut(Path path) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /** Starts a table (ending the one before); its rows follow through {@link #row}. */
    public void table(String name, List<Column> columns) throws IOException {
        endTable();
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quoted(name)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quoted(columns.get(i).name())).append(' ')
                    .append(columns.get(i).declared());
        }
        table = new Table(name, sql.append(')').toString(), columns.size());
    }

    /**
     * A row of the current table: per column null, a Boolean or integral Number (stored as an
     * integer), another Number (a real; NaN is stored as NULL, as SQLite does), or a String.
     */
    public void row(Object[] values) throws IOException {
        if (values.length != table.columns) {
            throw new IllegalArgumentException(values.length + " values for the " + table.columns + " columns of "
                    + table.name);
        }
        table.add(record(values));
    }

    /** Ends the last table and writes page 1; the file is then complete and closed. */
    @Override
    public void close() throws IOException {
        try {
            endTable();
            writeFirstPage();
        } finally {
            file.close();
        }
    }

    private void endTable() throws IOException {
        if (table == null) {
            return;
        }
        int root = table.finish();
        schema.add(record(new Object[] {"table", table.name, table.name, (long) root, table.sql}));
        table = null;
    }

    /**
     * Page 1: the file header, then the schema table's root. Its rows (one a table, its CREATE
     * statement a few bytes a column) are in page 1 itself when they fit; a table of many columns
     * makes them too long, and then they go to leaves of their own, page 1 their interior page.
     */
    private void writeFirstPage() throws IOException {
        ByteBuffer page = ByteBuffer.allocate(PAGE);
        List<byte[]> cells = new ArrayList<>();
        int size = 100 + 8;
        for (int i = 0; i < schema.size(); i++) {
            cells.add(cell(i + 1L, schema.get(i)));
            size += cells.get(i).length + 2;
        }
        if (size <= PAGE) {
            writeLeaf(page, 100, cells);
        } else {
            List<long[]> leaves = new ArrayList<>(); // {page, last rowid}
            List<byte[]> leaf = new ArrayList<>();
            int used = 8;
            for (int i = 0; i < cells.size(); i++) {
                if (used + cells.get(i).length + 2 > PAGE) {
                    leaves.add(new long[] {schemaLeaf(leaf), i});
                    leaf.clear();
                    used = 8;
                }
                leaf.add(cells.get(i));
                used += cells.get(i).length + 2;
            }
            leaves.add(new long[] {schemaLeaf(leaf), cells.size()});
            if (12 + 100 + 15 * leaves.size() > PAGE) {
                throw new IOException("the SQLite file's schema has more tables than this writer puts in it");
            }
            writeInterior(page, 100, leaves);
        }
        page.position(0);
        page.put("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        page.putShort((short) PAGE);
        page.put(new byte[] {1, 1, 0, 64, 32, 32});
        page.putInt(1); // file change counter
        page.putInt(pages); // database size in pages
        page.putInt(0).putInt(0); // no free pages
        page.putInt(1); // schema cookie
        page.putInt(4); // schema format
        page.putInt(0).putInt(0); // cache size, no auto-vacuum
        page.putInt(1); // UTF-8
        page.putInt(0).putInt(0).putInt(0); // user version, incremental vacuum, application id
        page.put(new byte[20]);
        page.putInt(1); // valid for change counter 1
        page.putInt(3_045_000); // the SQLite version whose format this is
        page.position(0);
        file.write(page, 0);
    }

    /**
     * An interior table page over children {page, largest rowid}, its header at {@code header} (100
     * on page 1): a cell for each child but the last, keyed by that child's largest rowid, and the
     * last as the right-most pointer.
     */
    private static void writeInterior(ByteBuffer page, int header, List<long[]> children) {
        int content = PAGE;
        int pointer = header + 12;
        for (long[] child : children.subList(0, children.size() - 1)) {
            ByteArrayOutputStream cell = new ByteArrayOutputStream(13);
            cell.writeBytes(ByteBuffer.allocate(4).putInt((int) child[0]).array());
            varint(cell, child[1]);
            content -= cell.size();
            page.put(content, cell.toByteArray());
            page.putShort(pointer, (short) content);
            pointer += 2;
        }
        page.put(header, (byte) INTERIOR);
        page.putShort(header + 3, (short) (children.size() - 1));
        page.putShort(header + 5, (short) content);
        page.putInt(header + 8, (int) children.get(children.size() - 1)[0]);
    }

    /** A leaf of the schema table on a page of its own; its number. */
    private int schemaLeaf(List<byte[]> cells) throws IOException {
        int number = allocate();
        ByteBuffer page = ByteBuffer.allocate(PAGE);
        writeLeaf(page, 0, cells);
        writePage(number, page);
        return number;
    }

    /** A leaf page's header (at {@code start}), cell pointers and cells. */
    private static void writeLeaf(ByteBuffer page, int start, List<byte[]> cells) throws IOException {
        int content = PAGE;
        int pointer = start + 8;
        for (byte[] cell : cells) {
            content -= cell.length;
            if (content < pointer + 2) {
                throw new IllegalStateException("cells that do not fit a page"); // the callers measure first
            }
            page.put(content, cell);
            page.putShort(pointer, (short) content);
            pointer += 2;
        }
        page.put(start, (byte) LEAF);
        page.putShort(start + 3, (short) cells.size());
        page.putShort(start + 5, (short) content);
    }

    private int allocate() {
        return ++pages;
    }

    private void writePage(int number, ByteBuffer page) throws IOException {
        page.position(0);
        long at = (long) (number - 1) * PAGE;
        while (page.hasRemaining()) {
            at += file.write(page, at);
        }
    }

    /** A table b-tree's cell: payload size, rowid, the payload's local part and its overflow pages. */
    private byte[] cell(long rowid, byte[] payload) throws IOException {
        int local = payload.length;
        if (payload.length > MAX_LOCAL) {
            int k = MIN_LOCAL + (payload.length - MIN_LOCAL) % (PAGE - 4);
            local = k <= MAX_LOCAL ? k : MIN_LOCAL;
        }
        ByteArrayOutputStream cell = new ByteArrayOutputStream(local + 24);
        varint(cell, payload.length);
        varint(cell, rowid);
        cell.write(payload, 0, local);
        if (local < payload.length) {
            int first = allocate();
            int number = first;
            for (int at = local; at < payload.length; ) {
                int n = Math.min(PAGE - 4, payload.length - at);
                int next = at + n < payload.length ? allocate() : 0;
                ByteBuffer page = ByteBuffer.allocate(PAGE);
                page.putInt(next).put(payload, at, n);
                writePage(number, page);
                at += n;
                number = next;
            }
            cell.write(first >>> 24);
            cell.write(first >>> 16);
            cell.write(first >>> 8);
            cell.write(first);
        }
        return cell.toByteArray();
    }

    /** The record format: a header of serial types, then the values big-endian. */
    private static byte[] record(Object[] values) {
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object v : values) {
            if (v instanceof Boolean b) {
                v = b ? 1L : 0L;
            }
            if (v == null || v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN()) {
                varint(types, 0);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    || v instanceof java.math.BigInteger) {
                integer(types, body, ((Number) v).longValue());
            } else if (v instanceof Number n) {
                varint(types, 7);
                long bits = Double.doubleToLongBits(n.doubleValue());
                for (int i = 7; i >= 0; i--) {
                    body.write((int) (bits >>> 8 * i));
                }
            } else {
                byte[] utf8 = v.toString().getBytes(StandardCharsets.UTF_8);
                varint(types, 13 + 2L * utf8.length);
                body.writeBytes(utf8);
            }
        }
        int size = types.size() + 1;
        while (varintLength(size) + types.size() != size) {
            size = varintLength(size) + types.size();
        }
        ByteArrayOutputStream record = new ByteArrayOutputStream(size + body.size());
        varint(record, size);
        record.writeBytes(types.toByteArray());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void integer(ByteArrayOutputStream types, ByteArrayOutputStream body, long v) {
        if (v == 0 || v == 1) {
            varint(types, v == 0 ? 8 : 9);
            return;
        }
        int bytes;
        int type;
        if (v >= -128 && v <= 127) {
            bytes = 1;
            type = 1;
        } else if (v >= -32768 && v <= 32767) {
            bytes = 2;
            type = 2;
        } else if (v >= -8388608 && v <= 8388607) {
            bytes = 3;
            type = 3;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            bytes = 4;
            type = 4;
        } else if (v >= -(1L << 47) && v < 1L << 47) {
            bytes = 6;
            type = 5;
        } else {
            bytes = 8;
            type = 6;
        }
        varint(types, type);
        for (int i = bytes - 1; i >= 0; i--) {
            body.write((int) (v >>> 8 * i));
        }
    }

    /** SQLite's variable-length integer: 7 bits a byte, big-endian, the ninth byte whole. */
    static void varint(ByteArrayOutputStream out, long v) {
        if ((v & 0xff00000000000000L) != 0) {
            byte[] nine = new byte[9];
            nine[8] = (byte) v;
            v >>>= 8;
            for (int i = 7; i >= 0; i--) {
                nine[i] = (byte) (v & 0x7f | 0x80);
                v >>>= 7;
            }
            out.writeBytes(nine);
            return;
        }
        byte[] groups = new byte[8];
        int n = 0;
        do {
            groups[n++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        } while (v != 0);
        groups[0] &= 0x7f;
        for (int i = n - 1; i >= 0; i--) {
            out.write(groups[i]);
        }
    }

    private static int varintLength(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(9);
        varint(out, v);
        return out.size();
    }

    /** A name as SQL quotes it: between double quotes, each double quote doubled. */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The table being written: the cells of its open leaf, and the leaves (or interior pages) done. */
    private final class Table {
        private final String name;
        private final String sql;
        private final int columns;
        private final List<byte[]> cells = new ArrayList<>();
        private final List<long[]> children = new ArrayList<>(); // {page, largest rowid}
        private int used = 8;
        private long rowid;
        private long leafLast;

        Table(String name, String sql, int columns) {
            this.name = name;
            this.sql = sql;
            this.columns = columns;
        }

        void add(byte[] record) throws IOException {
            long id = ++rowid;
            byte[] cell = cell(id, record);
            if (used + cell.length + 2 > PAGE) {
                flushLeaf();
            }
            cells.add(cell);
            used += cell.length + 2;
            leafLast = id;
        }

        /** Writes the open leaf; its key in the level above is the last rowid it holds. */
        private void flushLeaf() throws IOException {
            int number = allocate();
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            writeLeaf(page, 0, cells);
            writePage(number, page);
            children.add(new long[] {number, leafLast});
            cells.clear();
            used = 8;
        }

        /** Ends the table; its root page. */
        int finish() throws IOException {
            if (!cells.isEmpty() || children.isEmpty()) {
                flushLeaf();
            }
            List<long[]> level = children;
            while (level.size() > 1) {
                level = interior(level);
            }
            return (int) level.get(0)[0];
        }

        /**
         * One level up: interior pages over the children, each child's key the largest rowid
         * under it, the children shared evenly so that no page is left with a single child.
         */
        private List<long[]> interior(List<long[]> below) throws IOException {
            int perPage = (PAGE - 12) / 15 + 1; // a cell is at most 4 + 9 bytes and a 2-byte pointer
            int pageCount = (below.size() + perPage - 1) / perPage;
            List<long[]> above = new ArrayList<>();
            int i = 0;
            for (int p = 0; p < pageCount; p++) {
                int take = below.size() / pageCount + (p < below.size() % pageCount ? 1 : 0);
                ByteBuffer page = ByteBuffer.allocate(PAGE);
                List<long[]> children = below.subList(i, i + take);
                i += take;
                writeInterior(page, 0, children);
                long[] right = children.get(take - 1);
                int number = allocate();
                writePage(number, page);
                above.add(new long[] {number, right[1]});
            }
            return above;
        }
    }
}

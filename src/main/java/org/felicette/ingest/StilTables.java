package org.felicette.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.felicette.FelicetteException;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import uk.ac.starlink.ecsv.EcsvTableBuilder;
import uk.ac.starlink.fits.FitsTableBuilder;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.TableFormatException;
import uk.ac.starlink.table.TableSink;
import uk.ac.starlink.votable.TableContentHandler;
import uk.ac.starlink.votable.TableHandler;

/**
 * Streams the first table of a FITS, VOTable or ECSV body through STIL's streaming readers, row
 * by row: nothing but the current row is held. A VOTable is parsed by a SAX parser that refuses
 * a DTD (so no entity, external or internal, can be declared) and any STREAM that points
 * elsewhere ({@code href}): a load reads the body it was sent and nothing else.
 */
public final class StilTables {

    private StilTables() {
    }

    static void stream(LoadFormat format, InputStream in, RowSink handler) throws IOException {
        switch (format) {
            case VOTABLE -> votable(in, handler);
            case FITS -> viaSink(new FitsHeaderCheck(in), handler, new FitsTableBuilder()::streamStarTable, "FITS");
            case ECSV -> viaSink(in, new Utf8Strings(handler), new EcsvTableBuilder()::streamStarTable, "ECSV");
            default -> throw new IllegalArgumentException(format + " is not read by STIL here");
        }
    }

    /**
     * STIL's ECSV reader makes each byte a character (ISO-8859-1); ECSV text is UTF-8 (as astropy
     * writes it). ISO-8859-1 maps bytes to characters one to one, so the bytes are got back and
     * read as UTF-8.
     */
    private static final class Utf8Strings implements RowSink {
        private final RowSink next;

        Utf8Strings(RowSink next) {
            this.next = next;
        }

        private static String utf8(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                }
            }
            return s;
        }

        @Override
        public void described(FileTable table) throws IOException {
            next.described(new FileTable(table.name(), table.description(), table.utype(), table.columns().stream()
                    .map(c -> new FileColumn(utf8(c.name()), c.datatype(), c.arraysize(), c.xtype(), c.unit(), c.ucd(),
                            c.utype(), c.description() == null ? null : utf8(c.description()))).toList()));
        }

        @Override
        public void columns(List<String> names) throws IOException {
            next.columns(names.stream().map(n -> n == null ? null : utf8(n)).toList());
        }

        @Override
        public void row(Object[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof String s) {
                    values[i] = utf8(s);
                }
            }
            next.row(values);
        }
    }

    private interface Streamer {
        void stream(InputStream in, TableSink sink, String position) throws IOException;
    }

    private static void viaSink(InputStream in, RowSink handler, Streamer streamer, String what) throws IOException {
        try {
            streamer.stream(in, new TableSink() {
                @Override
                public void acceptMetadata(StarTable meta) throws TableFormatException {
                    try {
                        handler.described(FileTable.of(types(meta)));
                        handler.columns(names(meta));
                    } catch (IOException e) {
                        throw new Wrapped(e);
                    }
                }

                @Override
                public void acceptRow(Object[] row) throws IOException {
                    handler.row(row);
                }

                @Override
                public void endRows() {
                    // the end of the body ends the load
                }
            }, null);
        } catch (Wrapped e) {
            throw e.io;
        } catch (BadData | LimitExceeded e) {
            throw e;
        } catch (EOFException e) {
            throw new BadData("the " + what + " body ends early: the file is truncated", e);
        } catch (TableFormatException e) {
            throw new BadData("the body is not a " + what + " table this service reads: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getClass().getName().startsWith("uk.ac.starlink") || e.getClass().getName().startsWith("nom.tam")) {
                throw new BadData("the " + what + " body cannot be read: " + e.getMessage(), e);
            }
            throw e;
        } catch (FelicetteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadData("the " + what + " body cannot be read: " + e.getMessage(), e);
        }
    }

    /** Carries an IOException through a STIL method that only declares TableFormatException. */
    private static final class Wrapped extends TableFormatException {
        private static final long serialVersionUID = 1L;
        private final IOException io;

        Wrapped(IOException io) {
            super(io.getMessage());
            this.io = io;
        }
    }

    private static List<FileColumn> types(StarTable meta) throws BadData {
        List<FileColumn> types = new ArrayList<>();
        for (int i = 0; i < meta.getColumnCount(); i++) {
            types.add(FileColumn.of(meta.getColumnInfo(i)));
        }
        return types;
    }

    /** The first table's columns and their types, as the file describes them; the rows are not read. */
    static FileTable describe(LoadFormat format, InputStream in) throws IOException {
        FileTable[] found = new FileTable[1];
        try {
            stream(format, in, new RowSink() {
                @Override
                public void described(FileTable table) throws IOException {
                    found[0] = table;
                    throw new Described();
                }

                @Override
                public void columns(List<String> names) {
                }

                @Override
                public void row(Object[] values) {
                }
            });
        } catch (Described e) {
            return found[0];
        }
        throw new BadData("no_table", "the " + format.label() + " body has no table");
    }

    /** Ends a read once the columns are known. */
    private static final class Described extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static List<String> names(StarTable meta) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < meta.getColumnCount(); i++) {
            names.add(meta.getColumnInfo(i).getName());
        }
        return names;
    }

    /** Stops the parse after the first table. */
    private static final class FirstTableDone extends SAXException {
        private static final long serialVersionUID = 1L;
    }

    /** Carries the handler's IOException out of the SAX parse. */
    static final class HandlerFailed extends SAXException {
        private static final long serialVersionUID = 1L;
        private final IOException io;

        HandlerFailed(IOException io) {
            super(io);
            this.io = io;
        }
    }

    private static void votable(InputStream in, RowSink handler) throws IOException {
        TableContentHandler tables = new TableContentHandler(false);
        tables.setReadHrefTables(false);
        boolean[] seen = new boolean[1];
        tables.setTableHandler(new TableHandler() {
            @Override
            public void startTable(StarTable meta) throws SAXException {
                seen[0] = true;
                try {
                    handler.described(FileTable.of(types(meta)));
                    handler.columns(names(meta));
                } catch (IOException e) {
                    throw new HandlerFailed(e);
                }
            }

            @Override
            public void rowData(Object[] row) throws SAXException {
                try {
                    handler.row(row);
                } catch (IOException e) {
                    throw new HandlerFailed(e);
                }
            }

            @Override
            public void endTable() throws SAXException {
                throw new FirstTableDone();
            }
        });
        TabledataHead head = new TabledataHead(in);
        VotableRows rows = new VotableRows(tables, handler, head);
        try {
            XMLReader reader = secureParser().newSAXParser().getXMLReader();
            reader.setContentHandler(rows);
            reader.parse(new InputSource(head));
        } catch (VotableRows.AtTableData e) {
            // the metadata is read; the rows follow in TABLEDATA's regular form, read from the bytes
            TabledataScanner scanner = head.scanner();
            scanner.scan(rows);
            scanner.finish();
            return;
        } catch (VotableRows.AtStream e) {
            if (!seen[0]) {
                throw new IllegalStateException("the table's columns were not read before its STREAM");
            }
            // the metadata is read; the rows follow as base64, read from the bytes
            BinaryStream stream = head.stream();
            stream.scan(handler);
            stream.finish();
            return;
        } catch (FirstTableDone e) {
            return;
        } catch (HandlerFailed e) {
            throw e.io;
        } catch (SAXParseException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("DOCTYPE")) {
                throw new BadData("the VOTable has a document type declaration (<!DOCTYPE>); a VOTable load does "
                        + "not read DTDs or entities", e);
            }
            throw new BadData("the VOTable is not well-formed XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + message, e);
        } catch (SAXException e) {
            if (e.getException() instanceof IOException io) {
                throw io;
            }
            throw new BadData("the VOTable cannot be read: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (FelicetteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadData("the VOTable cannot be read: " + e.getMessage(), e);
        }
        if (!seen[0] && rows.firstTableWithoutData() != null) {
            handler.columns(rows.firstTableWithoutData()); // its FIELDs, and no rows
            return;
        }
        if (!seen[0]) {
            throw new BadData("the VOTable has no TABLE");
        }
    }

    private static SAXParserFactory secureParser() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }
}

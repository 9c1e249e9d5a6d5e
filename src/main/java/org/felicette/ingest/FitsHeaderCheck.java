package org.felicette.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the headers of a FITS file as they stream past, up to the first table extension, and
 * refuses one whose structural cards cannot be true ({@code NAXIS2 = -5}, a BITPIX FITS does not
 * have, a negative PCOUNT): a reader would otherwise take such a table for an empty one and a
 * load would answer "0 rows". The bytes pass through unchanged; nothing is held but one card.
 */
final class FitsHeaderCheck extends FilterInputStream {

    private static final int CARD = 80;
    private static final int BLOCK = 2880;

    private final byte[] card = new byte[CARD];
    private int inCard;
    private final Map<String, String> cards = new HashMap<>();
    private int hdu = 1;
    private boolean inHeader = true;
    private boolean done;
    private long headerBytes;
    private long skip; // data (and padding) of an HDU before the table, still to pass

    FitsHeaderCheck(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && !done) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n && !done; i++) {
            see(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read what is skipped, so that its headers are seen too
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void see(byte b) throws BadData {
        if (!inHeader) {
            if (--skip == 0) {
                inHeader = true;
                hdu++;
                headerBytes = 0;
                cards.clear();
            }
            return;
        }
        headerBytes++;
        card[inCard++] = b;
        if (inCard < CARD) {
            return;
        }
        inCard = 0;
        String text = new String(card, StandardCharsets.US_ASCII);
        String keyword = text.substring(0, 8).strip();
        if (keyword.equals("END")) {
            endOfHeader();
            return;
        }
        if (text.startsWith("= ", 8) && !keyword.isEmpty()) {
            cards.putIfAbsent(keyword, value(text.substring(10)));
        }
    }

    private void endOfHeader() throws BadData {
        String xtension = cards.get("XTENSION");
        String what = "HDU " + hdu + (xtension == null ? "" : " (" + xtension.replace("'", "").strip() + ")");
        long bitpix = integer(what, "BITPIX");
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw bad(what, "BITPIX", "is not one of FITS's 8, 16, 32, 64, -32, -64");
        }
        long naxis = integer(what, "NAXIS");
        if (naxis < 0 || naxis > 999) {
            throw bad(what, "NAXIS", "is not a number of axes (0 to 999)");
        }
        long elements = naxis == 0 ? 0 : 1;
        for (int i = 1; i <= naxis; i++) {
            long size = integer(what, "NAXIS" + i);
            if (size < 0) {
                throw bad(what, "NAXIS" + i, i == 2 && xtension != null
                        ? "cannot be a number of rows: it is negative" : "cannot be an axis length: it is negative");
            }
            elements = multiply(elements, size, what);
        }
        long pcount = 0;
        long gcount = 1;
        if (xtension != null) {
            pcount = cards.containsKey("PCOUNT") ? integer(what, "PCOUNT") : 0;
            gcount = cards.containsKey("GCOUNT") ? integer(what, "GCOUNT") : 1;
            if (pcount < 0) {
                throw bad(what, "PCOUNT", "is negative");
            }
            if (gcount < 1) {
                throw bad(what, "GCOUNT", "is less than 1");
            }
            String type = xtension.replace("'", "").strip();
            if (type.equals("BINTABLE") || type.equals("TABLE")) {
                long fields = integer(what, "TFIELDS");
                if (fields < 0 || fields > 999) {
                    throw bad(what, "TFIELDS", "is not a number of columns (0 to 999)");
                }
                done = true; // the table a load reads: its data is the reader's to check
                return;
            }
        }
        long data = multiply(Math.abs(bitpix) / 8, multiply(gcount, elements + pcount, what), what);
        long padded = (data + BLOCK - 1) / BLOCK * BLOCK;
        long headerPadding = (BLOCK - headerBytes % BLOCK) % BLOCK; // the header's block ends after END
        if (headerPadding + padded == 0) {
            hdu++;
            headerBytes = 0;
            cards.clear();
        } else {
            inHeader = false;
            skip = headerPadding + padded;
        }
    }

    private long integer(String what, String keyword) throws BadData {
        String value = cards.get(keyword);
        if (value == null) {
            throw new BadData("bad_fits", "the FITS header of " + what + " has no " + keyword + " card");
        }
        try {
            return Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw bad(what, keyword, "is not an integer");
        }
    }

    private BadData bad(String what, String keyword, String why) {
        return new BadData("bad_fits", "the FITS header of " + what + " says " + keyword + " = " + cards.get(keyword)
                + ", which " + why);
    }

    private static long multiply(long a, long b, String what) throws BadData {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new BadData("bad_fits", "the FITS header of " + what + " declares more data than a file can hold");
        }
    }

    /** A card's value: a quoted string as written, or the text before any comment. */
    private static String value(String field) {
        String v = field.strip();
        if (v.startsWith("'")) {
            int end = v.indexOf('\'', 1);
            return end < 0 ? v : v.substring(0, end + 1);
        }
        int slash = v.indexOf('/');
        return (slash < 0 ? v : v.substring(0, slash)).strip();
    }
}

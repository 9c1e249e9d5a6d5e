package org.felicette.ingest.parquet;

import org.felicette.ingest.BadData;

/** A decoder of raw Snappy blocks (Parquet's default compression), checked at every step. */
final class Snappy {

    private Snappy() {
    }

    static byte[] decompress(byte[] in, int expected) throws BadData {
        int[] at = {0};
        long length = varint(in, at);
        if (length != expected || length < 0) {
            throw new BadData("a Snappy block of the Parquet file says " + length + " bytes, its page " + expected);
        }
        byte[] out = new byte[(int) length];
        int o = 0;
        int p = at[0];
        try {
            while (p < in.length) {
                int tag = in[p++] & 0xff;
                int kind = tag & 3;
                if (kind == 0) { // literal
                    int n = tag >>> 2;
                    if (n >= 60) {
                        int bytes = n - 59;
                        n = 0;
                        for (int i = 0; i < bytes; i++) {
                            n |= (in[p++] & 0xff) << (8 * i);
                        }
                    }
                    n += 1;
                    System.arraycopy(in, p, out, o, n);
                    p += n;
                    o += n;
                    continue;
                }
                int len;
                int offset;
                if (kind == 1) {
                    len = ((tag >>> 2) & 7) + 4;
                    offset = ((tag >>> 5) << 8) | (in[p++] & 0xff);
                } else if (kind == 2) {
                    len = (tag >>> 2) + 1;
                    offset = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8;
                    p += 2;
                } else {
                    len = (tag >>> 2) + 1;
                    offset = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff) << 16 | (in[p + 3] & 0xff) << 24;
                    p += 4;
                }
                if (offset <= 0 || offset > o || o + len > out.length) {
                    throw new BadData("a Snappy block of the Parquet file is corrupt");
                }
                for (int i = 0; i < len; i++) {
                    out[o] = out[o - offset];
                    o++;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new BadData("a Snappy block of the Parquet file is truncated or corrupt");
        }
        if (o != out.length) {
            throw new BadData("a Snappy block of the Parquet file is short of its length");
        }
        return out;
    }

    private static long varint(byte[] in, int[] at) throws BadData {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= in.length) {
                throw new BadData("a Snappy block of the Parquet file is truncated");
            }
            int b = in[at[0]++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new BadData("a Snappy block of the Parquet file is corrupt");
    }
}

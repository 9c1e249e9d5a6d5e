package org.felicette.ingest.parquet;

import java.nio.ByteBuffer;
import org.felicette.ingest.BadData;

/** Parquet's RLE / bit-packing hybrid, for levels and dictionary indexes. */
final class Rle {

    private Rle() {
    }

    static void decode(ByteBuffer in, int width, int[] out, int count) throws BadData {
        if (width < 0 || width > 32) {
            throw new BadData("a Parquet page has a bit width of " + width);
        }
        int bytes = (width + 7) / 8;
        int n = 0;
        try {
            while (n < count) {
                long header = varint(in);
                if ((header & 1) == 0) {
                    int run = (int) (header >>> 1);
                    int value = 0;
                    for (int i = 0; i < bytes; i++) {
                        value |= (in.get() & 0xff) << (8 * i);
                    }
                    for (int i = 0; i < run && n < count; i++) {
                        out[n++] = value;
                    }
                } else {
                    int groups = (int) (header >>> 1);
                    long buffer = 0;
                    int bits = 0;
                    for (int i = 0; i < groups * 8; i++) {
                        while (bits < width) {
                            buffer |= (long) (in.get() & 0xff) << bits;
                            bits += 8;
                        }
                        int value = (int) (buffer & ((1L << width) - 1));
                        buffer >>>= width;
                        bits -= width;
                        if (n < count) {
                            out[n++] = value;
                        }
                    }
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new BadData("a Parquet page's levels or indexes are truncated");
        }
    }

    private static long varint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.get() & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        return result;
    }
}

package org.felicette.ingest.parquet;

import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.felicette.ingest.BadData;

/**
 * Parquet's page codecs, as every common writer uses them: UNCOMPRESSED, SNAPPY (pyarrow's and
 * DuckDB's default), GZIP, ZSTD (Polars' default), LZ4_RAW, and the deprecated LZ4 and LZO in
 * Hadoop's framing (an old LZ4 page without it, as early parquet-cpp wrote, is read as a raw
 * block). Decoding is into a buffer of the page's declared size, at most {@link ParquetTables#MAX_PAGE}:
 * a page whose data says otherwise (a corrupt or hostile one, a decompression bomb) is refused,
 * never grown into. BROTLI is not read.
 */
final class Codecs {

    static final int UNCOMPRESSED = 0;
    static final int SNAPPY = 1;
    static final int GZIP = 2;
    static final int LZO = 3;
    static final int BROTLI = 4;
    static final int LZ4 = 5;
    static final int ZSTD = 6;
    static final int LZ4_RAW = 7;

    private Codecs() {
    }

    static boolean readable(int codec) {
        return codec >= UNCOMPRESSED && codec <= LZ4_RAW && codec != BROTLI;
    }

    static String name(int codec) {
        return switch (codec) {
            case UNCOMPRESSED -> "UNCOMPRESSED";
            case SNAPPY -> "SNAPPY";
            case GZIP -> "GZIP";
            case LZO -> "LZO";
            case BROTLI -> "BROTLI";
            case LZ4 -> "LZ4";
            case ZSTD -> "ZSTD";
            case LZ4_RAW -> "LZ4_RAW";
            default -> "codec " + codec;
        };
    }

    /** The codecs read, as a sentence's list. */
    static String readableNames() {
        return "UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW, LZ4 and LZO";
    }

    /**
     * A page's bytes, decompressed to exactly {@code size} bytes.
     *
     * @param where the page, as a message names it: {@code a page of column 'x' (row group 2)}
     */
    static byte[] decompress(int codec, byte[] raw, int size, String where) throws BadData {
        if (size < 0 || size > ParquetTables.MAX_PAGE) {
            throw new BadData(where + " declares " + size + " bytes, more than a page may hold");
        }
        try {
            return switch (codec) {
                case UNCOMPRESSED -> {
                    if (raw.length != size) {
                        throw new BadData(where + " holds " + raw.length + " bytes, not the " + size + " it declares");
                    }
                    yield raw;
                }
                case SNAPPY -> exactly(new SnappyDecompressor(), raw, size, where);
                case GZIP -> gunzip(raw, size, where);
                case ZSTD -> exactly(new ZstdDecompressor(), raw, size, where);
                case LZ4_RAW -> exactly(new Lz4Decompressor(), raw, size, where);
                case LZ4 -> {
                    byte[] framed = hadoop(new Lz4Decompressor(), raw, size);
                    yield framed != null ? framed : exactly(new Lz4Decompressor(), raw, size, where);
                }
                case LZO -> {
                    byte[] framed = hadoop(new LzoDecompressor(), raw, size);
                    if (framed == null) {
                        throw new BadData(where + " is not LZO in Hadoop's framing");
                    }
                    yield framed;
                }
                default -> throw new BadData("unsupported_compression", where + " is compressed with " + name(codec)
                        + "; this service reads " + readableNames());
            };
        } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException
                | IllegalStateException e) {
            throw new BadData(where + " cannot be decompressed (" + name(codec) + "): it is corrupt or not what it "
                    + "declares");
        }
    }

    /** One block into a buffer of the declared size, which it must fill exactly. */
    private static byte[] exactly(Decompressor codec, byte[] raw, int size, String where) throws BadData {
        byte[] out = new byte[size];
        int n = codec.decompress(raw, 0, raw.length, out, 0, size);
        if (n != size) {
            throw new BadData(where + " decompresses to " + n + " bytes, not the " + size + " it declares");
        }
        return out;
    }

    /**
     * Hadoop's block framing: blocks of (uncompressed length, then chunks of (compressed length,
     * compressed bytes) until that length is made), big-endian; null when the page is not so framed.
     */
    static byte[] hadoop(Decompressor codec, byte[] raw, int size) {
        byte[] out = new byte[size];
        int in = 0;
        int made = 0;
        try {
            while (in < raw.length) {
                if (in + 4 > raw.length) {
                    return null;
                }
                int block = bigEndian(raw, in);
                in += 4;
                if (block < 0 || block > size - made) {
                    return null;
                }
                int blockMade = 0;
                while (blockMade < block) {
                    if (in + 4 > raw.length) {
                        return null;
                    }
                    int length = bigEndian(raw, in);
                    in += 4;
                    if (length <= 0 || length > raw.length - in) {
                        return null;
                    }
                    int n = codec.decompress(raw, in, length, out, made, size - made);
                    in += length;
                    made += n;
                    blockMade += n;
                }
                if (blockMade != block) {
                    return null;
                }
            }
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            return null;
        }
        return made == size ? out : null;
    }

    private static int bigEndian(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static byte[] gunzip(byte[] raw, int size, String where) throws BadData {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            byte[] out = in.readNBytes(size);
            if (out.length != size || in.read() >= 0) {
                throw new BadData(where + " does not decompress to the " + size + " bytes it declares (GZIP)");
            }
            return out;
        } catch (IOException e) {
            throw new BadData(where + " cannot be decompressed (GZIP): " + e.getMessage());
        }
    }
}

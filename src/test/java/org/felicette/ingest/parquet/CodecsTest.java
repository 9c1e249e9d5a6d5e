package org.felicette.ingest.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.Compressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.felicette.ingest.BadData;
import org.junit.jupiter.api.Test;

/** Parquet's page codecs: each reads what its writer makes, and a hostile page is refused within its declared size. */
class CodecsTest {

    static final String WHERE = "a page of column 'x' (row group 2) of the Parquet file";

    static byte[] text(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; s.length() < n; i++) {
            s.append("star ").append(i).append(", ra ").append(i * 0.25).append('\n');
        }
        return Arrays.copyOf(s.toString().getBytes(StandardCharsets.US_ASCII), n);
    }

    static byte[] compress(Compressor codec, byte[] data) {
        byte[] out = new byte[codec.maxCompressedLength(data.length)];
        int n = codec.compress(data, 0, data.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    /** Hadoop's framing: one block of the whole, in chunks of at most {@code chunk} bytes before compression. */
    static byte[] hadoop(Compressor codec, byte[] data, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        for (int at = 0; at < data.length; at += chunk) {
            byte[] part = compress(codec, Arrays.copyOfRange(data, at, Math.min(data.length, at + chunk)));
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void eachCodecReadsWhatItsWriterMakes() throws BadData {
        byte[] data = text(200_000);
        assertThat(Codecs.decompress(Codecs.SNAPPY, compress(new SnappyCompressor(), data), data.length, WHERE))
                .isEqualTo(data);
        assertThat(Codecs.decompress(Codecs.ZSTD, compress(new ZstdCompressor(), data), data.length, WHERE))
                .isEqualTo(data);
        assertThat(Codecs.decompress(Codecs.LZ4_RAW, compress(new Lz4Compressor(), data), data.length, WHERE))
                .isEqualTo(data);
        // the deprecated LZ4 and LZO in Hadoop's framing, in several chunks; an old raw LZ4 block too
        assertThat(Codecs.decompress(Codecs.LZ4, hadoop(new Lz4Compressor(), data, 65_536), data.length, WHERE))
                .isEqualTo(data);
        assertThat(Codecs.decompress(Codecs.LZ4, compress(new Lz4Compressor(), data), data.length, WHERE))
                .isEqualTo(data);
        assertThat(Codecs.decompress(Codecs.LZO, hadoop(new LzoCompressor(), data, 65_536), data.length, WHERE))
                .isEqualTo(data);
        assertThat(Codecs.decompress(Codecs.UNCOMPRESSED, data, data.length, WHERE)).isSameAs(data);
    }

    @Test
    void aPageThatDecompressesPastItsDeclaredSizeIsRefusedNotGrownInto() {
        byte[] bomb = compress(new ZstdCompressor(), new byte[20_000_000]); // 20 MB of zeros in a few hundred bytes
        assertThat(bomb.length).isLessThan(5_000);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.ZSTD, bomb, 1_000, WHERE)).isInstanceOf(BadData.class)
                .hasMessage(WHERE + " cannot be decompressed (ZSTD): it is corrupt or not what it declares");
        byte[] snappy = compress(new SnappyCompressor(), new byte[5_000_000]);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.SNAPPY, snappy, 1_000, WHERE)).isInstanceOf(BadData.class)
                .hasMessageStartingWith(WHERE);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.ZSTD, bomb, ParquetTables.MAX_PAGE + 1, WHERE))
                .isInstanceOf(BadData.class).hasMessageContaining("more than a page may hold");
    }

    @Test
    void aPageShortOfItsDeclaredSizeOrCorruptIsRefusedNamingIt() {
        byte[] data = text(10_000);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.LZ4_RAW, compress(new Lz4Compressor(), data), 20_000, WHERE))
                .isInstanceOf(BadData.class).hasMessageStartingWith(WHERE);
        byte[] zstd = compress(new ZstdCompressor(), data);
        for (int i = 10; i < zstd.length; i += 7) {
            zstd[i] ^= 0x5a;
        }
        assertThatThrownBy(() -> Codecs.decompress(Codecs.ZSTD, zstd, data.length, WHERE)).isInstanceOf(BadData.class)
                .hasMessageStartingWith(WHERE);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.LZO, data, data.length, WHERE)).isInstanceOf(BadData.class)
                .hasMessage(WHERE + " is not LZO in Hadoop's framing");
        assertThatThrownBy(() -> Codecs.decompress(Codecs.BROTLI, data, data.length, WHERE)).isInstanceOf(BadData.class)
                .hasMessageContaining("compressed with BROTLI");
        assertThatThrownBy(() -> Codecs.decompress(Codecs.UNCOMPRESSED, data, data.length + 1, WHERE))
                .isInstanceOf(BadData.class).hasMessageContaining("not the 10001 it declares");
    }
}

package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.felicette.FelicetteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One spool: bodies kept within their limit, never left behind, refused in one shape. */
class SpoolTest {

    @TempDir
    Path dir;

    static final Spool.Limit TEN = new Spool.Limit(10, "too_big", "the test limit of 10 bytes");

    @Test
    void aBodyWithinItsLimitIsKept() throws IOException {
        Path file = Spool.keep(new ByteArrayInputStream("0123456789".getBytes()), dir, "t", TEN, "", "");
        assertThat(Files.readString(file)).isEqualTo("0123456789");
        assertThat(file.getParent()).isEqualTo(dir);
    }

    @Test
    void aBodyPastItsLimitIs413AndLeavesNoFile() throws IOException {
        long[] read = new long[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }
        };
        assertThatThrownBy(() -> Spool.keep(endless, dir, "t", TEN, "part 'a': ", "nothing was uploaded"))
                .isInstanceOf(FelicetteException.class)
                .hasMessage("part 'a': the body is larger than the test limit of 10 bytes; nothing was uploaded")
                .satisfies(e -> {
                    assertThat(((FelicetteException) e).kind().status()).isEqualTo(413);
                    assertThat(((FelicetteException) e).code()).isEqualTo("too_big");
                    assertThat(((FelicetteException) e).details()).containsEntry("limit", 10L);
                });
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(read[0]).as("the rest was never read").isLessThan(10_000);
    }

    @Test
    void aFailingBodyLeavesNoFileAndItsErrorPassesThrough() throws IOException {
        InputStream broken = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 3) {
                    throw new IOException("connection reset");
                }
                return 'y';
            }
        };
        assertThatThrownBy(() -> Spool.keep(broken, dir, "t", TEN, "", "")).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void badDataIs400WithWhatIsWrong() {
        FelicetteException e = Spool.refusal(new BadData("bad_fits", "the FITS header says NAXIS2 = -5"), "UPLOAD t: ",
                "");
        assertThat(e.kind().status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("UPLOAD t: the FITS header says NAXIS2 = -5");
        assertThat(Spool.refusal(new IOException("other"), "", "")).isNull();
    }
}

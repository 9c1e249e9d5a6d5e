package org.felicette.api.loads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.felicette.FelicetteException;
import org.junit.jupiter.api.Test;

/** The streaming multipart/form-data reader: parts as sent, however the body is cut into reads. */
class MultipartReaderTest {

    static final String TYPE = "multipart/form-data; boundary=\"b0undary\"";

    static List<String[]> parts(byte[] body, int chunk) throws IOException {
        InputStream in = new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        MultipartReader reader = new MultipartReader(in, TYPE);
        List<String[]> out = new ArrayList<>();
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            out.add(new String[] {part.name(), part.filename(), part.contentType(),
                new String(part.content().readAllBytes(), StandardCharsets.ISO_8859_1)});
        }
        return out;
    }

    @Test
    void partsComeOutAsSentAcrossAnyReadSize() throws IOException {
        String big = "x\r\n--b0undar".repeat(20_000) + "tail"; // near-boundaries, and longer than the buffer
        String body = "preamble\r\n--b0undary\r\nContent-Disposition: form-data; name=\"UPLOAD\"\r\n\r\n"
                + "t,param:f\r\n--b0undary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + big + "\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=empty\r\n\r\n\r\n--b0undary--\r\nepilogue";
        for (int chunk : new int[] {1, 7, 100, 70_000}) {
            List<String[]> parts = parts(body.getBytes(StandardCharsets.ISO_8859_1), chunk);
            assertThat(parts).hasSize(3);
            assertThat(parts.get(0)).containsExactly("UPLOAD", null, null, "t,param:f");
            assertThat(parts.get(1)[0]).isEqualTo("f");
            assertThat(parts.get(1)[1]).isEqualTo("a.csv");
            assertThat(parts.get(1)[2]).isEqualTo("text/csv");
            assertThat(parts.get(1)[3]).isEqualTo(big);
            assertThat(parts.get(2)).containsExactly("empty", null, null, "");
        }
    }

    @Test
    void aBrokenBodyIsABadRequest() {
        assertThatThrownBy(() -> parts("no boundary here".getBytes(StandardCharsets.US_ASCII), 10))
                .isInstanceOf(FelicetteException.class).hasMessageContaining("does not start with its boundary");
        assertThatThrownBy(() -> parts(("--b0undary\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ncut off")
                .getBytes(StandardCharsets.US_ASCII), 3)).hasMessageContaining("ends inside a part");
        assertThatThrownBy(() -> parts(("--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--")
                .getBytes(StandardCharsets.US_ASCII), 3)).hasMessageContaining("has no name");
        assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(new byte[0]), "multipart/form-data"))
                .hasMessageContaining("no boundary parameter");
    }
}

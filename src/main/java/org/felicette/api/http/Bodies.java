package org.felicette.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.felicette.FelicetteException;

/** Request bodies read with a cap: reading stops at the limit, so a huge body costs nothing. */
public final class Bodies {

    private Bodies() {
    }

    public static String utf8(InputStream body, long maxBytes, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new FelicetteException(FelicetteException.Kind.TOO_LARGE, "too_large", what
                        + " is larger than the limit of " + maxBytes + " bytes", Map.of("limit", maxBytes));
            }
            out.write(buffer, 0, n);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw FelicetteException.badInput("bad_encoding", what + " is not valid UTF-8");
        }
    }
}

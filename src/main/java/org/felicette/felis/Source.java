package org.felicette.felis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of one Felis document and the name it is reported under.
 *
 * @param name what messages call it (a path, or the name it was sent under)
 * @param location where it came from, against which its resources resolve (null: nowhere)
 * @param sha256 the SHA-256 of the text, in hex
 */
public record Source(String name, java.nio.file.Path location, String text, String sha256) {

    /** A source whose SHA-256 (the identity of its text) is computed once, here. */
    public Source(String name, java.nio.file.Path location, String text) {
        this(name, location, text, digest(text));
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

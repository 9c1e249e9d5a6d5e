package org.felicette.felis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * UCD1+ checking as astropy does it for felis: words separated by ';', each in the IVOA
 * vocabulary, the first usable as a primary word and the others as secondary words. Words in
 * another namespace ({@code custom:word}) are not checked.
 */
public final class Ucds {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final Set<String> PRIMARY = new HashSet<>();
    private static final Set<String> SECONDARY = new HashSet<>();

    static {
        try (InputStream in = Ucds.class.getResourceAsStream("ucd1p-words.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\\|");
                String code = parts[0].strip();
                String word = parts[1].strip().toLowerCase(Locale.ROOT);
                if ("QPEVC".contains(code)) {
                    PRIMARY.add(word);
                }
                if ("QSEVC".contains(code)) {
                    SECONDARY.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Ucds() {
    }

    private static final Memo<Optional<String>> CHECKED = new Memo<>(Ucds::checkWords, 4096);

    /** Why the UCD is not valid, or empty when it is. */
    public static Optional<String> check(String ucd) {
        return CHECKED.get(ucd);
    }

    private static Optional<String> checkWords(String ucd) {
        if (ucd.isBlank()) {
            return Optional.of("the UCD is empty");
        }
        String[] words = ucd.split(";", -1);
        for (int i = 0; i < words.length; i++) {
            String word = words[i].strip();
            String namespace = null;
            int colon = word.indexOf(':');
            if (colon >= 0) {
                namespace = word.substring(0, colon);
                word = word.substring(colon + 1);
            }
            if (!WORD.matcher(word).matches()) {
                return Optional.of("'" + words[i].strip() + "' is not a UCD word");
            }
            if (namespace != null && !namespace.equalsIgnoreCase("ivoa")) {
                continue;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (i == 0 && !PRIMARY.contains(lower)) {
                return Optional.of(SECONDARY.contains(lower)
                        ? "secondary word '" + word + "' is not valid as a primary word"
                        : "unknown word '" + word + "'");
            }
            if (i > 0 && !SECONDARY.contains(lower)) {
                return Optional.of(PRIMARY.contains(lower)
                        ? "primary word '" + word + "' is not valid as a secondary word"
                        : "unknown word '" + word + "'");
            }
        }
        return Optional.empty();
    }
}

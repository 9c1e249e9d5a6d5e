package org.felicette.tapschema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** VOTable arraysizes as TAP_SCHEMA keeps them. */
public final class Arraysize {

    private static final Pattern SIZED = Pattern.compile("([0-9]{1,9})\\*?");

    private Arraysize() {
    }

    /**
     * TAP_SCHEMA's {@code size}: the length in an arraysize {@code n} or {@code n*}; null for
     * {@code *}, a multi-dimensional arraysize, or none.
     */
    public static Integer size(String arraysize) {
        if (arraysize == null) {
            return null;
        }
        Matcher m = SIZED.matcher(arraysize.strip());
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }
}

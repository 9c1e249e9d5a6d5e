package org.felicette.felis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks unit strings the way felis does through astropy's generic unit format, which is
 * broader than VOUnits: {@code arcsec**2}, {@code nJy.arcsec**2}, {@code m2.t-1},
 * {@code 1e-10.au.d-2}, {@code mas**2/yr}, {@code deg_C}. A syntax error makes the unit invalid;
 * a symbol that is not a known unit (with or without an SI prefix) is only reported.
 */
public final class Units {

    /** The outcome: a syntax error (or null), and the symbols that are not known units. */
    public record Check(String syntaxError, List<String> unknownSymbols) {
        public boolean valid() {
            return syntaxError == null;
        }
    }

    private static final Set<String> PREFIXABLE = Set.of("m", "s", "g", "A", "K", "mol", "cd", "rad", "sr", "Hz",
            "N", "Pa", "J", "W", "C", "V", "F", "Ohm", "S", "Wb", "T", "H", "lm", "lx", "Bq", "Gy", "Sv", "Jy",
            "pc", "yr", "a", "eV", "erg", "L", "l", "t", "bar", "mag", "arcsec", "arcmin", "deg", "byte", "B",
            "bit", "b", "G", "Ry", "ct", "count", "ph", "photon", "R", "D", "P", "St", "Ba", "Mx", "k", "u", "Da",
            "lyr", "AU", "au", "barn", "cy", "cycle", "adu", "pix", "pixel", "electron", "beam", "chan", "bin",
            "vox", "voxel", "dB", "dex", "M_e", "M_p");
    private static final Set<String> PLAIN = Set.of("min", "h", "d", "wk", "fortnight", "sday", "hourangle",
            "mas", "uas", "Angstrom", "AA", "micron", "solMass", "M_sun", "Msun", "solRad", "R_sun", "Rsun", "solLum",
            "L_sun", "Lsun", "earthMass", "M_earth", "Mearth", "jupiterMass", "M_jup", "Mjup", "earthRad", "R_earth",
            "Rearth", "jupiterRad", "R_jup", "Rjup", "deg_C", "degC", "percent", "%", "dimensionless", "one", "e",
            "abA", "Bi", "Fr", "statA", "esu", "emu", "kat", "Gal", "dyn", "k", "littleh", "mmHg", "atm", "cal",
            "Ci", "sr", "ha", "spat", "rad", "mgy", "nmgy", "AB", "ST", "sec", "hr", "day", "yr", "year", "Jy",
            "Jansky", "jansky", "Rayleigh", "rayleigh", "foe", "Bethe", "Torr", "torr", "Hz", "ph", "pix");
    private static final List<String> PREFIXES = List.of("da", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d",
            "c", "m", "u", "µ", "n", "p", "f", "a", "z", "y", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");

    private final String text;
    private int pos;
    private final List<String> unknown = new ArrayList<>();

    private Units(String text) {
        this.text = text;
    }

    private static final Memo<Check> CHECKED = new Memo<>(Units::parse, 4096);

    /** The unit read as astropy's generic format reads it (answers are remembered: units repeat). */
    public static Check check(String unit) {
        return CHECKED.get(unit);
    }

    private static Check parse(String unit) {
        Units parser = new Units(unit.strip());
        try {
            parser.unit();
            return new Check(null, List.copyOf(parser.unknown));
        } catch (IllegalArgumentException e) {
            return new Check(e.getMessage(), List.copyOf(parser.unknown));
        }
    }

    /** Whether a symbol is a unit astropy knows, with or without an SI prefix. */
    static boolean known(String symbol) {
        if (PREFIXABLE.contains(symbol) || PLAIN.contains(symbol)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (symbol.length() > prefix.length() && symbol.startsWith(prefix)
                    && PREFIXABLE.contains(symbol.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    private void unit() {
        if (text.isEmpty()) {
            return; // dimensionless
        }
        if (peekDigit()) {
            number();
            if (peek("**") || peek("^")) {
                exponent();
            }
            if (atEnd()) {
                return;
            }
            if (!peek("/")) {
                separator();
            }
        }
        product();
        if (!atEnd()) {
            throw fail("unexpected '" + text.charAt(pos) + "'");
        }
    }

    private void product() {
        if (peek("/")) {
            // "1/s" after a scale factor, or a leading "/s"
            pos++;
        }
        power();
        while (!atEnd() && !peek(")")) {
            if (peek("/")) {
                pos++;
            } else {
                separator();
            }
            power();
        }
    }

    private void separator() {
        int start = pos;
        while (!atEnd() && text.charAt(pos) == ' ') {
            pos++;
        }
        if (!atEnd() && (text.charAt(pos) == '.' || (text.charAt(pos) == '*' && !peek("**")))) {
            pos++;
            while (!atEnd() && text.charAt(pos) == ' ') {
                pos++;
            }
        } else if (pos == start) {
            throw fail(atEnd() ? "the unit ends too early" : "expected '.', '*', '/' or a space before '"
                    + text.charAt(pos) + "'");
        }
    }

    private void power() {
        if (atEnd()) {
            throw fail("a unit is missing at the end");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            product();
            expect(")");
        } else if (isNameChar(c)) {
            int start = pos;
            while (!atEnd() && isNameChar(text.charAt(pos))) {
                pos++;
            }
            String symbol = text.substring(start, pos);
            if (!known(symbol)) {
                unknown.add(symbol);
            }
            // an exponent written right after the symbol: m2, t-1
            if (!atEnd() && (Character.isDigit(text.charAt(pos)) || ((text.charAt(pos) == '-'
                    || text.charAt(pos) == '+') && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))))) {
                if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
                    pos++;
                }
                digits();
                return;
            }
        } else {
            throw fail("expected a unit symbol at '" + c + "'");
        }
        if (peek("**") || peek("^")) {
            exponent();
        }
    }

    private void exponent() {
        pos += peek("**") ? 2 : 1;
        if (peek("(")) {
            pos++;
            signedNumber();
            if (peek("/")) {
                pos++;
                digits();
            }
            expect(")");
        } else {
            signedNumber();
        }
    }

    private void signedNumber() {
        if (peek("-") || peek("+")) {
            pos++;
        }
        number();
    }

    private void number() {
        digits();
        if (peek(".") && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if ((peek("e") || peek("E")) && pos + 1 < text.length()
                && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '-' || text.charAt(pos + 1) == '+')) {
            pos++;
            if (peek("-") || peek("+")) {
                pos++;
            }
            digits();
        }
    }

    private void digits() {
        int start = pos;
        while (!atEnd() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("expected a number");
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetter(c) || c == '_' || c == '%' || c == '\'' || c == '"' || c == '°';
    }

    private boolean peekDigit() {
        return !atEnd() && Character.isDigit(text.charAt(pos));
    }

    private boolean peek(String token) {
        return text.startsWith(token, pos);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw fail("expected '" + token + "'");
        }
        pos += token.length();
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(message + " (at character " + (pos + 1) + " of '" + text + "')");
    }
}

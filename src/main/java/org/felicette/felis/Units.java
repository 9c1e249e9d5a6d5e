package org.felicette.felis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks unit strings as felis does: with astropy's {@code Unit(...)}, whose generic format is
 * broader than VOUnits ({@code arcsec**2}, {@code nJy.arcsec**2}, {@code m2.t-1},
 * {@code 1e-10.au.d-2}, {@code mas**2/yr}, {@code mag(AB)}, {@code m/s**2S}). Any failure is an
 * error, an unknown unit included.
 *
 * <p>The vocabulary is every name astropy's unit registry holds (prefixed forms included),
 * generated from astropy by {@code scripts/astropy_units.py} (the version is in the resource's
 * first line). The grammar is astropy's, token for token, including the choices its LALR parser
 * makes where the grammar is ambiguous: a number before {@code **}, a sign or {@code (} is read
 * as a power of ten ({@code 10**-3}, {@code 10-3}, {@code 10(-3)}), so {@code 2**3 m} is not a
 * unit; a unit name followed by {@code (} takes a power ({@code m(2)}); parentheses hold a
 * product, never a quotient ({@code (m/s)} is refused); {@code mag}, {@code dB} and {@code dex}
 * applied to a unit make a function unit, which stands alone.
 */
public final class Units {

    /** The outcome: null when the unit is valid, else why not. */
    public record Check(String error) {
        public boolean valid() {
            return error == null;
        }
    }

    /** Every unit name astropy knows, with log10 of its scale in SI units. */
    private static final Map<String, Double> VOCABULARY = loadVocabulary();
    private static final Set<String> FUNCTION_UNITS = Set.of("mag", "dB", "dex");
    private static final Memo<Check> CHECKED = new Memo<>(Units::parse, 4096);

    /** The unit read as astropy's Unit(...) reads it (answers are remembered: units repeat). */
    public static Check check(String unit) {
        return CHECKED.get(unit);
    }

    private static Check parse(String unit) {
        if (unit.isBlank()) {
            return new Check(null); // dimensionless
        }
        try {
            if (isName(unit)) {
                return new Check(null);
            }
            java.util.List<Token> tokens = Lexer.tokens(Lexer.prepare(unit));
            requireShallow(tokens);
            new Units(tokens).whole();
            return new Check(null);
        } catch (Invalid e) {
            return new Check(e.getMessage());
        }
    }

    /** Names people write for units, spelled out or in the plural, and the unit astropy knows by them. */
    private static final Map<String, String> SPELLED = Map.ofEntries(Map.entry("jansky", "Jy"),
            Map.entry("janskys", "Jy"), Map.entry("degree", "deg"), Map.entry("degrees", "deg"),
            Map.entry("degs", "deg"), Map.entry("arcsecond", "arcsec"), Map.entry("arcseconds", "arcsec"),
            Map.entry("arcsecs", "arcsec"), Map.entry("arcminute", "arcmin"), Map.entry("arcminutes", "arcmin"),
            Map.entry("milliarcsecond", "mas"), Map.entry("milliarcseconds", "mas"), Map.entry("magnitude", "mag"),
            Map.entry("magnitudes", "mag"), Map.entry("mags", "mag"), Map.entry("days", "d"), Map.entry("day", "d"),
            Map.entry("seconds", "s"), Map.entry("second", "s"), Map.entry("sec", "s"), Map.entry("hours", "h"),
            Map.entry("hour", "h"), Map.entry("hr", "h"), Map.entry("years", "yr"), Map.entry("year", "yr"),
            Map.entry("kms", "km/s"), Map.entry("km/sec", "km/s"), Map.entry("angstroms", "Angstrom"),
            Map.entry("meter", "m"), Map.entry("meters", "m"), Map.entry("metre", "m"), Map.entry("metres", "m"),
            Map.entry("kelvin", "K"), Map.entry("radian", "rad"), Map.entry("radians", "rad"),
            Map.entry("pixel", "pix"), Map.entry("pixels", "pix"));
    /** The SI prefixes a spelled-out unit may carry ({@code mJansky}, {@code kiloparsecs} aside). */
    private static final String PREFIXES = "mkMGunpcµ";

    /**
     * A unit astropy knows for one it does not, written as people often write units
     * ({@code mJansky} → {@code mJy}, {@code degrees} → {@code deg}, {@code km/sec} → {@code km/s}),
     * or null when none comes to mind.
     */
    public static String suggestion(String unit) {
        if (unit == null || unit.isBlank() || check(unit).valid()) {
            return null;
        }
        String u = unit.strip();
        String whole = SPELLED.get(u.toLowerCase(java.util.Locale.ROOT));
        if (whole != null) {
            return whole;
        }
        if (u.length() > 2 && PREFIXES.indexOf(u.charAt(0)) >= 0) {
            String rest = SPELLED.get(u.substring(1).toLowerCase(java.util.Locale.ROOT));
            if (rest != null && isName(u.charAt(0) + rest)) {
                return u.charAt(0) + rest;
            }
        }
        for (String known : new String[] {u.toLowerCase(java.util.Locale.ROOT), u.toUpperCase(java.util.Locale.ROOT)}) {
            if (isName(known)) {
                return known; // a known unit in another case: MJY, DEG
            }
        }
        return null;
    }

    /** Parentheses nested deeper than this are refused: the parser recurses once a level. */
    static final int MAX_DEPTH = 100;

    private static void requireShallow(java.util.List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            depth += t.type() == Type.OPEN ? 1 : t.type() == Type.CLOSE ? -1 : 0;
            if (depth > MAX_DEPTH) {
                throw new Invalid("parentheses are nested more than " + MAX_DEPTH + " deep (at character "
                        + (t.at() + 1) + ")");
            }
        }
    }

    private static Map<String, Double> loadVocabulary() {
        Map<String, Double> names = new HashMap<>(8192);
        try (InputStream in = Units.class.getResourceAsStream("astropy-units.txt")) {
            if (in == null) {
                throw new IllegalStateException("astropy-units.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    int tab = line.indexOf('\t');
                    names.put(line.substring(0, tab), Double.valueOf(line.substring(tab + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(names);
    }

    /** astropy's symbols for units that have names. */
    private static final Map<String, String> SYMBOLS = Map.of("%", "percent", "\u2032", "arcmin", "\u2033", "arcsec",
            "\u02b0", "hourangle", "e\u207b", "electron");
    /** astropy's suffix symbols (M☉ is solMass's, M⊕ earthMass's). */
    private static final Map<Character, String> SUFFIXES = Map.of('\u2299', "sun", '\u2609', "sun", '\u2295', "earth",
            '\u2641', "earth", '\u2643', "jupiter", '\u2091', "_e", '\u209a', "_p");

    /** Whether a name, as one token, is a unit astropy knows (its symbols and non-ASCII forms included). */
    static boolean isName(String token) {
        return registryName(token) != null;
    }

    /** The registry's name of a token's unit, or null when astropy knows none. */
    static String registryName(String token) {
        String name = token;
        if (SYMBOLS.containsKey(name)) {
            name = SYMBOLS.get(name);
        } else if (!isAscii(name)) {
            if (name.startsWith("\u00b0")) {
                name = name.length() == 1 ? "deg" : "deg_" + name.substring(1);
            }
            if (name.length() > 1 && SUFFIXES.containsKey(name.charAt(name.length() - 1))) {
                name = name.substring(0, name.length() - 1) + SUFFIXES.get(name.charAt(name.length() - 1));
            } else if (name.endsWith("R\u221e")) {
                name = name.substring(0, name.length() - 2) + "Ry";
            }
        }
        return VOCABULARY.containsKey(name) ? name : null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** Why a unit string is not one astropy reads. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    // ---------------------------------------------------------------- tokens

    enum Type { COMMA, POWER, PRODUCT, DIVISION, OPEN, CLOSE, FUNCNAME, UNIT, SIGN, UINT, UFLOAT, END }

    /** A token; {@code number} is set for UINT (exact) and UFLOAT, {@code sign} for SIGN. */
    record Token(Type type, String text, int at, BigInteger integer, double number) {
    }

    /** astropy's lexer: the rules in its order, the first that matches wins; spaces are skipped. */
    static final class Lexer {
        private static final java.util.regex.Pattern UFLOAT =
                java.util.regex.Pattern.compile("((\\d+\\.?\\d*)|(\\.\\d+))([eE][+-]?\\d+)?",
                        java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
        private static final java.util.regex.Pattern SIGN =
                java.util.regex.Pattern.compile("[+-](?=\\d)", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
        private static final java.util.regex.Pattern FUNCNAME =
                java.util.regex.Pattern.compile("(sqrt|ln|exp|log|mag|dB|dex)(?= *\\()");
        private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile(
                "[^\\s\\d+\\-./*^(),]+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
        private static final java.util.regex.Pattern SUPERSCRIPT =
                java.util.regex.Pattern.compile("[\u207b\u207a]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+");

        private Lexer() {
        }

        /** astropy's normalisation of non-ASCII text: NFC, the minus sign, superscript powers as (n). */
        static String prepare(String text) {
            if (isAscii(text)) {
                return text;
            }
            String s = Normalizer.normalize(text, Normalizer.Form.NFC).replace('\u2212', '-');
            java.util.regex.Matcher m = SUPERSCRIPT.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                StringBuilder digits = new StringBuilder("(");
                for (char c : m.group().toCharArray()) {
                    digits.append(switch (c) {
                        case '\u207b' -> '-';
                        case '\u207a' -> '+';
                        case '\u00b9' -> '1';
                        case '\u00b2' -> '2';
                        case '\u00b3' -> '3';
                        default -> (char) ('0' + (c - '\u2070'));
                    });
                }
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(digits.append(')').toString()));
            }
            m.appendTail(out);
            return out.toString();
        }

        static java.util.List<Token> tokens(String s) {
            java.util.List<Token> out = new java.util.ArrayList<>();
            java.util.regex.Matcher m = UFLOAT.matcher(s);
            int pos = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ') {
                    pos++;
                    continue;
                }
                m.region(pos, s.length());
                if (m.usePattern(UFLOAT).lookingAt()) {
                    out.add(number(m.group(), pos));
                } else if (m.usePattern(SIGN).lookingAt()) {
                    out.add(new Token(Type.SIGN, m.group(), pos, null, c == '-' ? -1 : 1));
                } else if (m.usePattern(FUNCNAME).lookingAt()) {
                    out.add(new Token(Type.FUNCNAME, m.group(), pos, null, 0));
                } else if (m.usePattern(UNIT).lookingAt()) {
                    if (!isName(m.group())) {
                        throw new Invalid("'" + m.group() + "' is not a unit astropy knows (at character "
                                + (pos + 1) + ")");
                    }
                    out.add(new Token(Type.UNIT, m.group(), pos, null, 0));
                } else if (s.startsWith("**", pos) || c == '^') {
                    out.add(new Token(Type.POWER, c == '^' ? "^" : "**", pos, null, 0));
                    pos += c == '^' ? 1 : 2;
                    continue;
                } else {
                    Type type = switch (c) {
                        case '*', '.' -> Type.PRODUCT;
                        case ',' -> Type.COMMA;
                        case '(' -> Type.OPEN;
                        case ')' -> Type.CLOSE;
                        case '/' -> Type.DIVISION;
                        default -> throw new Invalid("invalid character '" + c + "' at character " + (pos + 1));
                    };
                    out.add(new Token(type, String.valueOf(c), pos, null, 0));
                    pos++;
                    continue;
                }
                pos = m.end();
            }
            out.add(new Token(Type.END, "", s.length(), null, 0));
            return out;
        }

        /** As astropy: digits alone, or digits and a final '.', are an integer; the rest a float. */
        private static Token number(String text, int at) {
            String ascii = asciiDigits(text);
            boolean floating = ascii.indexOf('e') >= 0 || ascii.indexOf('E') >= 0 || ascii.indexOf('.') >= 0;
            if (!floating || ascii.endsWith(".")) {
                BigInteger value = new BigInteger(ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii);
                return new Token(Type.UINT, text, at, value, value.doubleValue());
            }
            return new Token(Type.UFLOAT, text, at, null, Double.parseDouble(ascii));
        }

        private static String asciiDigits(String text) {
            if (isAscii(text)) {
                return text;
            }
            StringBuilder out = new StringBuilder();
            for (char c : text.toCharArray()) {
                out.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10)) : c);
            }
            return out.toString();
        }
    }

    // ---------------------------------------------------------------- numbers

    /**
     * A number as Python holds it in astropy's parser: an exact integer or a float. Integer
     * powers of integers stay exact; a float power that overflows, or a huge integer made a
     * float, is an error (Python raises), while float products may reach infinity.
     */
    private record Num(BigInteger integer, double real) {
        static Num of(BigInteger i) {
            return new Num(i, 0);
        }

        static Num of(double d) {
            return new Num(null, d);
        }

        boolean isZero() {
            return integer != null ? integer.signum() == 0 : real == 0;
        }

        double toDouble() {
            if (integer == null) {
                return real;
            }
            double d = integer.doubleValue();
            if (Double.isInfinite(d)) {
                throw new Invalid("the scale factor is too large");
            }
            return d;
        }

        Num times(Num other) {
            if (integer != null && other.integer != null) {
                return of(integer.multiply(other.integer));
            }
            return of(toDouble() * other.toDouble());
        }

        /** base ** exponent, as Python computes it for an int or float base and an int or float exponent. */
        Num pow(Num exponent) {
            if (integer != null && exponent.integer != null && exponent.integer.signum() >= 0) {
                if (exponent.integer.bitLength() > 31 || (long) integer.bitLength() * exponent.integer.intValue() > 1 << 20) {
                    throw new Invalid("the scale factor is too large");
                }
                return of(integer.pow(exponent.integer.intValue()));
            }
            double base = toDouble();
            double e = exponent.toDouble();
            if (base == 0 && e < 0) {
                throw new Invalid("0 cannot be raised to a negative power");
            }
            double value = Math.pow(base, e);
            if (Double.isInfinite(value) && !Double.isInfinite(base)) {
                throw new Invalid("the scale factor is out of range");
            }
            return of(value);
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * What a part of a unit string makes, as far as validity goes: a unit with its scale and its
     * powers of named units; a bare function unit ({@code mag}); a function unit applied to a
     * unit ({@code mag(AB)}), which astropy will not combine with anything; or a structured unit.
     */
    private record Value(Kind kind, double scale, Map<String, Double> powers) {
        enum Kind { UNIT, BARE_FUNCTION, FUNCTION, STRUCTURED }

        static final Value STRUCTURED = new Value(Kind.STRUCTURED, 1, Map.of());
        static final Value FUNCTION = new Value(Kind.FUNCTION, 1, Map.of());

        static Value unit(double scale, Map<String, Double> powers) {
            Map<String, Double> nonZero = new HashMap<>();
            powers.forEach((name, p) -> {
                if (p != 0) {
                    nonZero.put(name, p);
                }
            });
            return new Value(Kind.UNIT, scale, nonZero);
        }

        boolean dimensionlessUnscaled() {
            return kind == Kind.UNIT && scale == 1 && powers.isEmpty();
        }

        /**
         * What astropy does whenever it asks whether a unit is unity or takes its physical type:
         * decompose it into SI, multiplying the scale by each base's SI scale to its power. A
         * power that overflows is an error; one that underflows makes the scale 0, an error too.
         */
        Value decomposed() {
            if (kind != Kind.UNIT && kind != Kind.BARE_FUNCTION) {
                return this;
            }
            double log = Math.log10(Math.abs(scale));
            boolean zero = scale == 0;
            for (Map.Entry<String, Double> power : powers.entrySet()) {
                double term = VOCABULARY.get(power.getKey()) * power.getValue();
                if (term > Math.log10(Double.MAX_VALUE)) {
                    throw new Invalid("the unit's scale in SI units is out of range (" + power.getKey() + " to the power "
                            + format(power.getValue()) + ")");
                }
                zero |= term < MIN_LOG10;
                log += term;
            }
            if (zero || log < MIN_LOG10) {
                throw new Invalid("a unit cannot have a scale of 0 (its scale in SI units is below the smallest number)");
            }
            return this;
        }

        Value times(Value other) {
            if (kind == Kind.FUNCTION || other.kind == Kind.FUNCTION) {
                throw new Invalid("a function unit such as mag(AB) cannot be multiplied by another unit");
            }
            Map<String, Double> merged = new HashMap<>(powers);
            other.powers.forEach((name, p) -> merged.merge(name, p, Double::sum));
            return unit(scale * other.scale, merged);
        }

        Value dividedBy(Value other) {
            if (kind == Kind.FUNCTION || other.kind == Kind.FUNCTION) {
                throw new Invalid("a function unit such as mag(AB) cannot be divided by or into another unit");
            }
            return times(other.power(-1));
        }

        Value power(double p) {
            if (kind == Kind.FUNCTION) {
                throw new Invalid("a function unit such as mag(AB) cannot be raised to a power");
            }
            if (kind == Kind.STRUCTURED) {
                throw new Invalid("a structured unit cannot be raised to a power");
            }
            Map<String, Double> raised = new HashMap<>();
            powers.forEach((name, q) -> raised.put(name, q * p));
            return unit(Math.pow(scale, p), raised);
        }
    }

    /** log10 of the smallest float above 0 (Python's 5e-324): below it a scale is 0. */
    private static final double MIN_LOG10 = -323.3062;

    private static String format(double power) {
        return power == Math.rint(power) ? Long.toString((long) power) : Double.toString(power);
    }

    // ---------------------------------------------------------------- grammar

    private final java.util.List<Token> tokens;
    private int next;

    private Units(java.util.List<Token> tokens) {
        this.tokens = tokens;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean at(Type type) {
        return peek().type() == type;
    }

    private Token take() {
        return tokens.get(next++);
    }

    private Token expect(Type type) {
        if (!at(type)) {
            throw syntax();
        }
        return take();
    }

    private Invalid syntax() {
        Token t = peek();
        return new Invalid(t.type() == Type.END ? "syntax error: the unit ends too early"
                : "syntax error at character " + (t.at() + 1) + " ('" + t.text() + "')");
    }

    private void whole() {
        main();
        if (!at(Type.END)) {
            throw syntax();
        }
    }

    private boolean atElementStart() {
        return at(Type.UNIT) || at(Type.FUNCNAME) || at(Type.OPEN) || at(Type.UINT) || at(Type.UFLOAT)
                || at(Type.SIGN) || at(Type.DIVISION);
    }

    /** main: a unit, or a structured unit (comma-separated, possibly parenthesised). */
    private Value main() {
        Value first = element();
        if (!at(Type.COMMA)) {
            return first;
        }
        first.decomposed(); // a structured unit makes each part a Unit
        while (at(Type.COMMA)) {
            take();
            if (atElementStart()) {
                element().decomposed();
            }
        }
        return Value.STRUCTURED;
    }

    /** A unit, or a parenthesised structured unit: "(m, s)" is one, "(m s)" a unit. */
    private Value element() {
        if (at(Type.OPEN)) {
            int start = next;
            take();
            try {
                Value first = element();
                if (at(Type.COMMA)) {
                    first.decomposed();
                    while (at(Type.COMMA)) {
                        take();
                        if (atElementStart()) {
                            element().decomposed();
                        }
                    }
                    expect(Type.CLOSE);
                    if (at(Type.COMMA) || at(Type.CLOSE) || at(Type.END)) {
                        return Value.STRUCTURED;
                    }
                }
            } catch (Invalid notStructured) {
                // read it again as a unit
            }
            next = start;
        }
        return unit();
    }

    /**
     * unit: [factor [PRODUCT]] (a quotient of products | "/" one unit expression), or a factor
     * alone. Without a factor astropy makes the result a Unit (and decomposes it); with one it
     * only scales it, and a zero scale is refused.
     */
    private Value unit() {
        Num factor = at(Type.UINT) || at(Type.UFLOAT) || at(Type.SIGN) ? factor() : null;
        boolean product = false;
        if (factor != null && at(Type.PRODUCT)) {
            take();
            product = true;
        }
        Value units;
        if (at(Type.DIVISION)) {
            take();
            units = unitExpression().power(-1);
        } else if (at(Type.UNIT) || at(Type.FUNCNAME) || at(Type.OPEN)) {
            units = products();
            while (at(Type.DIVISION)) {
                take();
                Value divisor = products().decomposed();
                units = units.dividedBy(divisor).decomposed();
            }
        } else if (factor != null && !product) {
            return scaled(factor, Value.unit(1, Map.of()));
        } else {
            throw syntax();
        }
        if (factor == null) {
            return units.decomposed();
        }
        if (units.kind() == Value.Kind.FUNCTION) {
            throw new Invalid("a function unit such as mag(AB) cannot take a scale factor");
        }
        return scaled(factor, units);
    }

    private static Value scaled(Num factor, Value units) {
        double scale = factor.toDouble() * units.scale();
        if (scale == 0) {
            throw new Invalid("a unit cannot have a scale of 0");
        }
        return Value.unit(scale, units.powers());
    }

    /**
     * product_of_units: unit expressions, side by side or joined by '.' or '*'. astropy
     * multiplies from the right, asking of each operand whether it is unity (decomposing it).
     */
    private Value products() {
        java.util.List<Value> factors = new java.util.ArrayList<>();
        factors.add(unitExpression());
        while (true) {
            if (at(Type.PRODUCT)) {
                take();
                factors.add(unitExpression());
            } else if (at(Type.UNIT) || at(Type.FUNCNAME) || at(Type.OPEN)) {
                factors.add(unitExpression());
            } else {
                break;
            }
        }
        Value product = factors.get(factors.size() - 1);
        for (int i = factors.size() - 2; i >= 0; i--) {
            product.decomposed();
            Value left = factors.get(i);
            left.decomposed();
            product = left.times(product);
        }
        return product;
    }

    /** unit_expression: a function, a unit with a power, or a parenthesised product. */
    private Value unitExpression() {
        if (at(Type.FUNCNAME)) {
            String name = take().text();
            expect(Type.OPEN);
            Value argument = main();
            expect(Type.CLOSE);
            return function(name, argument);
        }
        if (at(Type.UNIT)) {
            String name = registryName(take().text());
            if (at(Type.POWER)) {
                take();
                return Value.unit(1, Map.of(name, numericPower()));
            }
            if (at(Type.SIGN) || at(Type.UINT) || at(Type.OPEN)) {
                return Value.unit(1, Map.of(name, numericPower()));
            }
            return new Value(FUNCTION_UNITS.contains(name) ? Value.Kind.BARE_FUNCTION : Value.Kind.UNIT, 1,
                    Map.of(name, 1.0));
        }
        if (at(Type.OPEN)) {
            take();
            Value inside = products();
            expect(Type.CLOSE);
            return inside;
        }
        throw syntax();
    }

    private static Value function(String name, Value argument) {
        switch (name) {
            case "sqrt" -> {
                return argument.power(0.5);
            }
            case "mag", "dB", "dex" -> {
                if (argument.kind() != Value.Kind.UNIT) {
                    throw new Invalid(name + "(...) needs a physical unit inside, not "
                            + (argument.kind() == Value.Kind.STRUCTURED ? "a structured unit" : "a function unit"));
                }
                argument.decomposed();
                // mag(1) is the magnitude itself; mag(AB) a magnitude of a unit, which stands alone
                return argument.dimensionlessUnscaled() ? new Value(Value.Kind.BARE_FUNCTION, 1, Map.of(name, 1.0))
                        : Value.FUNCTION;
            }
            default -> throw new Invalid("'" + name + "' is not a function astropy's units know (sqrt, mag, dB, dex)");
        }
    }

    /** numeric_power: [sign] integer, or a parenthesised integer, float or fraction. */
    private double numericPower() {
        return numericPowerNum().toDouble();
    }

    private Num numericPowerNum() {
        if (at(Type.OPEN)) {
            take();
            BigInteger sign = at(Type.SIGN) ? sign(take()) : BigInteger.ONE;
            if (at(Type.UFLOAT)) {
                double value = sign.doubleValue() * take().number();
                expect(Type.CLOSE);
                return Num.of(value);
            }
            BigInteger numerator = sign.multiply(expect(Type.UINT).integer());
            if (at(Type.DIVISION)) {
                take();
                BigInteger denominatorSign = at(Type.SIGN) ? sign(take()) : BigInteger.ONE;
                BigInteger denominator = denominatorSign.multiply(expect(Type.UINT).integer());
                if (denominator.signum() == 0) {
                    throw new Invalid("a fractional power has a zero denominator");
                }
                expect(Type.CLOSE);
                return Num.of(numerator.doubleValue() / denominator.doubleValue());
            }
            expect(Type.CLOSE);
            return Num.of(numerator);
        }
        BigInteger sign = at(Type.SIGN) ? sign(take()) : BigInteger.ONE;
        return Num.of(sign.multiply(expect(Type.UINT).integer()));
    }

    private static BigInteger sign(Token token) {
        return token.number() < 0 ? BigInteger.ONE.negate() : BigInteger.ONE;
    }

    private Num signedInt() {
        BigInteger sign = sign(expect(Type.SIGN));
        return Num.of(sign.multiply(expect(Type.UINT).integer()));
    }

    /** A float exponent, as astropy's float(...) makes of it. */
    private static Num asFloat(Num n) {
        return Num.of(n.toDouble());
    }

    /**
     * factor: a number before the units, with the readings astropy's parser gives it. An integer
     * followed by '**', '^', a sign or '(' is a power of ten (its base must be 10), but for a
     * float exponent in parentheses.
     */
    private Num factor() {
        if (!at(Type.UINT)) {
            BigInteger sign = at(Type.SIGN) ? sign(take()) : BigInteger.ONE;
            Num value;
            if (at(Type.UINT)) {
                value = Num.of(sign.multiply(take().integer()));
            } else if (at(Type.UFLOAT)) {
                value = Num.of(sign.doubleValue() * take().number());
            } else {
                throw syntax();
            }
            if (at(Type.UINT)) {
                Num base = Num.of(take().integer());
                Num exponent;
                if (at(Type.SIGN)) {
                    exponent = signedInt();
                } else {
                    expect(Type.POWER);
                    exponent = numericPowerNum();
                }
                return value.times(base.pow(asFloat(exponent)));
            }
            return value;
        }
        BigInteger a = take().integer();
        if (at(Type.POWER)) {
            take();
            if (at(Type.OPEN)) {
                take();
                if (at(Type.SIGN)) {
                    BigInteger sign = sign(take());
                    if (at(Type.UFLOAT)) {
                        double f = sign.doubleValue() * take().number();
                        expect(Type.CLOSE);
                        return Num.of(a).pow(Num.of(f));
                    }
                    BigInteger e = sign.multiply(expect(Type.UINT).integer());
                    expect(Type.CLOSE);
                    return powerOfTen(a, e);
                }
                if (at(Type.UFLOAT)) {
                    double f = take().number();
                    expect(Type.CLOSE);
                    return Num.of(a).pow(Num.of(f));
                }
                BigInteger e = expect(Type.UINT).integer();
                expect(Type.CLOSE);
                return powerOfTen(a, e);
            }
            BigInteger sign = at(Type.SIGN) ? sign(take()) : BigInteger.ONE;
            return powerOfTen(a, sign.multiply(expect(Type.UINT).integer()));
        }
        if (at(Type.SIGN)) {
            BigInteger sign = sign(take());
            return powerOfTen(a, sign.multiply(expect(Type.UINT).integer()));
        }
        if (at(Type.UINT)) {
            Num base = Num.of(take().integer());
            if (at(Type.SIGN)) {
                return Num.of(a).times(base.pow(asFloat(signedInt())));
            }
            expect(Type.POWER);
            return Num.of(a).times(base.pow(numericPowerNum()));
        }
        if (at(Type.OPEN)) {
            take();
            BigInteger e = signedInt().integer();
            expect(Type.CLOSE);
            return powerOfTen(a, e);
        }
        return Num.of(a);
    }

    private static Num powerOfTen(BigInteger base, BigInteger exponent) {
        if (!base.equals(BigInteger.TEN)) {
            throw new Invalid("a number followed by a power is a power of ten in astropy's units; " + base
                    + " is not 10");
        }
        return Num.of(base).pow(Num.of(exponent));
    }
}

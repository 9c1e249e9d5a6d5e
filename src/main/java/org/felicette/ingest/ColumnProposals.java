package org.felicette.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UCDs (and units) proposed for a file's columns from their names, the way people name columns:
 * {@code RA (J2000)}, {@code coord_ra}, {@code DEJ2000}, {@code obj_id}, {@code objectId},
 * {@code mag-G}, {@code e_Gmag}, {@code gmag_err}, {@code MJD}, {@code pmra}… Only for a column
 * whose file gives no UCD; the first right ascension, declination and identifier are the main
 * ones ({@code meta.main}). A proposal is a proposal: the person loading the file keeps, changes
 * or clears it.
 */
public final class ColumnProposals {

    /** A UCD (and a unit, or null) proposed for a column, and why. */
    public record Proposal(String column, String ucd, String unit, String reason) {
    }

    private static final Pattern BRACKETED = Pattern.compile("[\\(\\[]([^\\)\\]]*)[\\)\\]]");
    private static final Set<String> ERRORS = Set.of("err", "error", "errors", "sigma", "unc", "uncertainty");
    private static final Set<String> UNITS = Set.of("deg", "arcsec", "arcmin", "mas", "rad", "mjy", "jy", "nm",
            "angstrom", "mag", "d", "s", "yr", "km/s", "kpc", "pc");
    private static final Set<String> RA = Set.of("ra", "raj2000", "radeg", "ra2000", "raicrs", "alpha", "rightascension");
    private static final Set<String> DEC = Set.of("dec", "decl", "dej2000", "decj2000", "dedeg", "decdeg", "de2000",
            "deicrs", "declination");
    private static final Set<String> TIME = Set.of("mjd", "jd", "epoch", "mjdobs", "dateobs", "obsdate", "hjd", "bjd");

    private ColumnProposals() {
    }

    /** The proposals for the columns the file gives no UCD. */
    public static List<Proposal> of(List<FileColumn> columns) {
        List<Proposal> out = new ArrayList<>();
        boolean ra = false;
        boolean dec = false;
        boolean id = false;
        for (FileColumn c : columns) {
            if (c.name() == null || c.ucd() != null && !c.ucd().isBlank()) {
                continue;
            }
            String[] guess = guess(c.name(), c.datatype());
            if (guess == null) {
                continue;
            }
            String ucd = guess[0];
            if (ucd.equals("pos.eq.ra") && !ra) {
                ra = true;
                ucd += ";meta.main";
            } else if (ucd.equals("pos.eq.dec") && !dec) {
                dec = true;
                ucd += ";meta.main";
            } else if (ucd.equals("meta.id") && !id) {
                id = true;
                ucd += ";meta.main";
            }
            String unit = c.unit() != null && !c.unit().isBlank() ? null : guess[1];
            out.add(new Proposal(c.name(), ucd, unit, "from the name '" + c.name() + "'"));
        }
        return out;
    }

    /** The words of a name: camelCase and any separator split, lower case; bracketed parts kept apart. */
    static List<String> words(String name) {
        String outside = BRACKETED.matcher(name).replaceAll(" ");
        List<String> words = new ArrayList<>();
        for (String w : outside.replaceAll("([a-z0-9])([A-Z])", "$1 $2").split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                words.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    /** {ucd, unit} for a name, or null. */
    static String[] guess(String name, String datatype) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return null;
        }
        String unit = null;
        Matcher bracketed = BRACKETED.matcher(name);
        while (bracketed.find()) {
            String inside = bracketed.group(1).strip().toLowerCase(Locale.ROOT);
            if (UNITS.contains(inside)) {
                unit = inside.equals("mjy") ? "mJy" : inside.equals("jy") ? "Jy" : inside;
            }
        }
        boolean error = false;
        List<String> base = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (ERRORS.contains(w) || i == 0 && w.equals("e") && words.size() > 1) {
                error = true;
            } else if (w.length() > 3 && w.endsWith("err")) { // gmagerr, raerr
                error = true;
                base.add(w.substring(0, w.length() - 3));
            } else if (UNITS.contains(w) && i > 0 && !w.equals("mag") && !w.equals("d")) {
                unit = unit == null ? w : unit; // ra_deg, dist_kpc
            } else if (!Set.of("j2000", "icrs", "fk5", "b1950", "mean", "psf", "obs").contains(w) || base.isEmpty()
                    && words.size() == 1) {
                base.add(w);
            }
        }
        String ucd = base(base, datatype);
        if (ucd == null) {
            return null;
        }
        if (unit == null) {
            unit = switch (ucd) {
                case "phot.mag" -> "mag";
                case "time.epoch", "time.start", "time.end" -> words.contains("mjd") || words.contains("mjdobs") ? "d"
                        : null;
                default -> null;
            };
        }
        return new String[] {error ? "stat.error;" + ucd : ucd, unit};
    }

    private static String base(List<String> words, String datatype) {
        if (words.isEmpty()) {
            return null;
        }
        String tail = words.get(words.size() - 1);
        if (Set.of("flag", "flags", "cov", "covariance", "count", "n", "ndata", "nobs", "num", "number").contains(tail)) {
            return null; // a quality flag, a covariance, a count: not what the other words say
        }
        boolean pm = words.contains("pm") || words.contains("pmra") || words.contains("pmdec") || words.contains("pmde")
                || words.contains("rate");
        if (words.contains("pmra") || pm && words.stream().anyMatch(RA::contains)) {
            return "pos.pm;pos.eq.ra";
        }
        if (words.contains("pmdec") || words.contains("pmde") || pm && words.stream().anyMatch(DEC::contains)) {
            return "pos.pm;pos.eq.dec";
        }
        if (words.stream().anyMatch(RA::contains)) {
            return "pos.eq.ra";
        }
        if (words.stream().anyMatch(DEC::contains) || words.equals(List.of("de"))) {
            return "pos.eq.dec";
        }
        if (words.contains("glon")) {
            return "pos.galactic.lon";
        }
        if (words.contains("glat")) {
            return "pos.galactic.lat";
        }
        if (words.contains("parallax") || words.contains("plx")) {
            return "pos.parallax";
        }
        String last = words.get(words.size() - 1);
        boolean text = datatype == null || datatype.equals("char") || datatype.equals("unicodeChar");
        if (last.equals("id") || last.equals("objid") || last.equals("sourceid") || last.equals("objectid")
                || text && (words.equals(List.of("name")) || words.equals(List.of("designation")))) {
            return words.contains("parent") ? "meta.id.parent" : "meta.id";
        }
        if (words.stream().anyMatch(w -> w.contains("mag") && !w.startsWith("magn") || w.equals("magnitude"))) {
            return "phot.mag";
        }
        if (words.stream().anyMatch(w -> w.contains("flux"))) {
            return words.contains("inst") ? "phot.count" : "phot.flux"; // an instrumental flux is counts
        }
        if (words.stream().anyMatch(TIME::contains) || words.equals(List.of("time"))) {
            return words.contains("start") || words.contains("begin") ? "time.start"
                    : words.contains("end") || words.contains("stop") ? "time.end" : "time.epoch";
        }
        if (words.contains("redshift") || words.contains("zspec") || words.contains("zphot") || words.contains("photoz")) {
            return "src.redshift";
        }
        return null;
    }
}

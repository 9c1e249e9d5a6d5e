package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.felis.FelisColumn;
import org.felicette.felis.FelisTable;
import org.felicette.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** UCDs proposed from column names as people write them, checked on authored headers and on real catalogues. */
class ColumnProposalsTest {

    private static Map<String, String> proposed(String... names) {
        List<FileColumn> columns = new ArrayList<>();
        for (String n : names) {
            columns.add(new FileColumn(n, n.toLowerCase(Locale.ROOT).contains("id") ? "long" : "double", null, null));
        }
        Map<String, String> out = new LinkedHashMap<>();
        ColumnProposals.of(columns).forEach(p -> out.put(p.column(), p.ucd() + (p.unit() == null ? "" : " [" + p.unit()
                + "]")));
        return out;
    }

    @Test
    void positionsWithEpochsUnitsAndSuffixesAreProposedTheFirstAsMain() {
        assertThat(proposed("RA (J2000)", "Dec", "mag-G", "id")).containsExactly(
                Map.entry("RA (J2000)", "pos.eq.ra;meta.main"), Map.entry("Dec", "pos.eq.dec;meta.main"),
                Map.entry("mag-G", "phot.mag [mag]"), Map.entry("id", "meta.id;meta.main"));
        assertThat(proposed("RAJ2000", "DEJ2000", "coord_ra", "coord_dec", "ra_deg", "DEC (deg)"))
                .containsEntry("RAJ2000", "pos.eq.ra;meta.main").containsEntry("DEJ2000", "pos.eq.dec;meta.main")
                .containsEntry("coord_ra", "pos.eq.ra").containsEntry("ra_deg", "pos.eq.ra [deg]")
                .containsEntry("DEC (deg)", "pos.eq.dec [deg]");
    }

    @Test
    void identifiersErrorsTimesAndMotionsAreProposedAndTheRestLeftAlone() {
        assertThat(proposed("obj_id", "source_id", "objectId")).containsExactly(
                Map.entry("obj_id", "meta.id;meta.main"), Map.entry("source_id", "meta.id"),
                Map.entry("objectId", "meta.id"));
        assertThat(proposed("e_Gmag", "gmag_err", "coord_raErr", "sigma_dec", "MJD", "pmra", "pmDec", "parallax",
                "g_psfFlux", "redshift")).containsExactly(
                Map.entry("e_Gmag", "stat.error;phot.mag [mag]"), Map.entry("gmag_err", "stat.error;phot.mag [mag]"),
                Map.entry("coord_raErr", "stat.error;pos.eq.ra"), Map.entry("sigma_dec", "stat.error;pos.eq.dec"),
                Map.entry("MJD", "time.epoch [d]"), Map.entry("pmra", "pos.pm;pos.eq.ra"),
                Map.entry("pmDec", "pos.pm;pos.eq.dec"), Map.entry("parallax", "pos.parallax"),
                Map.entry("g_psfFlux", "phot.flux"), Map.entry("redshift", "src.redshift"));
        assertThat(proposed("radius", "decision", "exposure_time", "flags", "x", "nChild", "psfFlux_flag",
                "coord_ra_dec_Cov")).isEmpty();
        assertThat(proposed("parentObjectId", "localBackground_instFlux", "obsStartMJD")).containsExactly(
                Map.entry("parentObjectId", "meta.id.parent"), Map.entry("localBackground_instFlux", "phot.count"),
                Map.entry("obsStartMJD", "time.start [d]"));
    }

    @Test
    void aColumnTheFileGivesAUcdIsNotProposedOne() {
        FileColumn given = new FileColumn("ra", "double", null, null, "deg", "pos.eq.ra", null, null);
        assertThat(ColumnProposals.of(List.of(given))).isEmpty();
    }

    /**
     * Rubin's published schemas. Every right ascension, declination and identifier proposed is one
     * by Rubin's UCD too; overall, three proposals in four have Rubin's first word. The rest are
     * mostly Rubin's own conventions, which a name cannot tell: {@code phot.count} for fluxes in nJy,
     * {@code stat.stdev} for a "Sigma", {@code meta.id.assoc} for an identifier of another table.
     */
    @Test
    void onRubinsPublishedCataloguesTheProposalsAgreeWithThePublishedUcds() {
        int proposed = 0;
        int agreed = 0;
        int positions = 0;
        int positionsAgreed = 0;
        List<String> disagreed = new ArrayList<>();
        for (String file : new String[] {"dp02_dc2.yaml", "dp2.yaml", "apdb.yaml"}) {
            var loaded = Fixtures.load("sdm_schemas/schemas/" + file); // skipped without ../shared
            for (FelisTable table : loaded.schema().tables()) {
                for (FelisColumn c : table.columns()) {
                    if (c.ucd() == null || c.ucd().isBlank()) {
                        continue;
                    }
                    String[] guess = ColumnProposals.guess(c.name(), c.votableDatatype());
                    if (guess == null) {
                        continue;
                    }
                    proposed++;
                    if (primary(guess[0]).equals(primary(c.ucd()))) {
                        agreed++;
                    } else {
                        disagreed.add(c.name() + ": " + guess[0] + " / " + c.ucd());
                    }
                    if (List.of("pos.eq.ra", "pos.eq.dec", "meta.id").contains(guess[0])) {
                        positions++;
                        positionsAgreed += c.ucd().toLowerCase(Locale.ROOT).startsWith(guess[0]) ? 1 : 0;
                    }
                }
            }
        }
        assertThat(proposed).isGreaterThan(300);
        assertThat(positions).isGreaterThan(40);
        assertThat(positionsAgreed * 100).as("%d of %d positions and identifiers", positionsAgreed, positions)
                .isGreaterThanOrEqualTo(positions * 90);
        assertThat(agreed * 4).as("%d of %d agree; the others: %s", agreed, proposed, disagreed.stream().limit(40)
                .toList()).isGreaterThanOrEqualTo(proposed * 3);
    }

    /** A UCD's primary word, with the word it qualifies after stat.error: "pos.eq.ra", "stat.error;phot.mag". */
    private static String primary(String ucd) {
        List<String> words = java.util.Arrays.stream(ucd.toLowerCase(Locale.ROOT).split(";")).map(String::strip)
                .filter(w -> !w.equals("meta.main")).toList();
        return words.get(0).startsWith("stat.") && words.size() > 1 ? words.get(0) + ";" + words.get(1) : words.get(0);
    }
}

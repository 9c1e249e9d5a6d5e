package org.felicette.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.felicette.StartupException;

/**
 * Which change sets this build knows, and whether a database was migrated by a newer one: an
 * older version on a newer database would run on tables and rules it does not know, so it
 * refuses to start (unless told to) and names the change set it does not know and the version
 * that applied it. Each start records its version and the newest change set it knows.
 */
public final class SchemaVersions {

    private static final Pattern INCLUDE = Pattern.compile("^\\s*file:\\s*(\\S+)\\s*$");
    private static final Pattern CHANGE_SET = Pattern.compile("^--changeset\\s+[^:\\s]+:(\\S+)");

    private SchemaVersions() {
    }

    /** The change sets of this build's changelog, in order. */
    public static List<String> known() {
        List<String> ids = new ArrayList<>();
        for (String line : resource(Migrations.CHANGELOG).split("\n")) {
            Matcher include = INCLUDE.matcher(line);
            if (include.matches()) {
                for (String sql : resource("migrations/" + include.group(1)).split("\n")) {
                    Matcher id = CHANGE_SET.matcher(sql);
                    if (id.find()) {
                        ids.add(id.group(1));
                    }
                }
            }
        }
        return ids;
    }

    /** This build's version (from the jar's manifest), or "development" when run from classes. */
    public static String thisVersion() {
        String version = SchemaVersions.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /**
     * Refuses a database that holds change sets this build does not know, before anything is
     * migrated or read.
     *
     * @param allowNewer the documented setting (database.allowNewerSchema) that starts anyway
     */
    public static void checkNotNewer(DataSource dataSource, boolean allowNewer) {
        Set<String> known = new LinkedHashSet<>(known());
        try (Connection c = dataSource.getConnection()) {
            if (!exists(c, "public", "databasechangelog")) {
                return; // a new database
            }
            String unknown = null;
            String appliedAt = null;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, dateexecuted FROM databasechangelog ORDER BY orderexecuted DESC");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next() && unknown == null) {
                    if (!known.contains(rs.getString(1))) {
                        unknown = rs.getString(1);
                        appliedAt = String.valueOf(rs.getTimestamp(2));
                    }
                }
            }
            if (unknown == null) {
                return;
            }
            String by = versionKnowing(c, known);
            String message = "the database was migrated by a newer Felicette" + (by == null ? "" : " (" + by + ")")
                    + ": its newest change set " + unknown + " (applied " + appliedAt + ") is unknown to this version ("
                    + thisVersion() + ", which knows change sets up to " + last(known) + "); run that version or a "
                    + "newer one, or set database.allowNewerSchema: true to start anyway";
            if (!allowNewer) {
                throw new StartupException(message);
            }
            org.slf4j.LoggerFactory.getLogger(SchemaVersions.class).warn("{} (allowed by database.allowNewerSchema)",
                    message);
        } catch (SQLException e) {
            throw new StartupException("cannot read the database's migrations: " + e.getMessage(), e);
        }
    }

    /** Records that this version ran on the database (after its migrations). */
    public static void record(DataSource dataSource) {
        List<String> known = known();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO felicette.service_versions (version, newest_change_set) VALUES (?, ?)
                        ON CONFLICT (version) DO UPDATE SET newest_change_set = excluded.newest_change_set,
                            last_started = now()
                        """)) {
            s.setString(1, thisVersion());
            s.setString(2, known.get(known.size() - 1));
            s.executeUpdate();
        } catch (SQLException e) {
            // a database not migrated (migrateOnStartup off and behind): nothing to record in
            org.slf4j.LoggerFactory.getLogger(SchemaVersions.class).debug("version not recorded: {}", e.getMessage());
        }
    }

    /** The newest version recorded whose newest change set this build does not know, with when it last started. */
    private static String versionKnowing(Connection c, Set<String> known) throws SQLException {
        if (!exists(c, "felicette", "service_versions")) {
            return null;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT version, newest_change_set, last_started FROM felicette.service_versions ORDER BY last_started DESC");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (!known.contains(rs.getString(2))) {
                    return "version " + rs.getString(1) + ", last started " + rs.getTimestamp(3);
                }
            }
        }
        return null;
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, schema + "." + table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String last(Set<String> known) {
        String last = null;
        for (String id : known) {
            last = id;
        }
        return last;
    }

    private static String resource(String name) {
        try (InputStream in = SchemaVersions.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the build has no " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With a TAP reader role configured, every user table is readable by it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapReaderGrantTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final Jdbi JDBI = Jdbi.create(TestDatabase.dataSource(DATABASE));

    static {
        JDBI.useHandle(h -> h.execute("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tap_reader') THEN CREATE ROLE tap_reader; END IF;
                END $$"""));
    }

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("userTables.tapReaderRole", "tap_reader"));

    @Test
    void newTableIsGrantedToTheTapReader() {
        int status = TestApp.as("bob", TestApp.target(APP, "tables/user_bob.granted"))
                .put(Entity.entity(UserTablesTest.vosiTable("user_bob.granted"), "text/xml")).getStatus();
        assertThat(status).isEqualTo(201);
        boolean canRead = JDBI.withHandle(h -> h.createQuery(
                "SELECT has_table_privilege('tap_reader', 'user_bob.granted', 'SELECT')").mapTo(Boolean.class).one());
        assertThat(canRead).isTrue();
    }
}

package org.felicette;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The house's floors on the compiled classes (ARCHITECTURE.md): each room uses only rooms on lower
 * floors, no two rooms depend on each other in a circle, JDBC and Jdbi only in {@code db},
 * JAX-RS only in {@code api}. A class on the wrong floor fails here whatever its source looks like
 * (a fully qualified name, a static import, a lambda's target).
 */
class ArchitectureRulesTest {

    /** The floors, from the ground up; a top-level class of the root package is a room of its own. */
    static final Map<String, Integer> FLOOR = Map.ofEntries(
            Map.entry("FelicetteException", 0), Map.entry("StartupException", 0),
            Map.entry("auth", 1),
            Map.entry("tapschema", 2),
            Map.entry("felis", 3), Map.entry("db", 3), Map.entry("ingest", 3),
            Map.entry("catalog", 4),
            Map.entry("vosi", 5), Map.entry("datalink", 5), Map.entry("jobs", 5), Map.entry("uploads", 5),
            Map.entry("query", 6),
            Map.entry("api", 7),
            Map.entry("FelicetteConfiguration", 8),
            Map.entry("cli", 9), Map.entry("OrderedStop", 9), Map.entry("QuietRequestLogFactory", 9),
            Map.entry("FelicetteApplication", 10));

    static final JavaClasses SERVICE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.felicette");

    /** The room of a class: its first package below org.felicette, or its top-level class's name in the root. */
    static String room(JavaClass c) {
        String name = c.getName().substring("org.felicette.".length());
        int dot = name.indexOf('.');
        if (dot >= 0) {
            return name.substring(0, dot);
        }
        int nested = name.indexOf('$');
        return nested >= 0 ? name.substring(0, nested) : name;
    }

    static final ArchCondition<JavaClass> USE_ONLY_LOWER_FLOORS = new ArchCondition<>("use only rooms on lower floors") {
        @Override
        public void check(JavaClass item, ConditionEvents events) {
            String from = room(item);
            Integer floor = FLOOR.get(from);
            if (floor == null) {
                events.add(SimpleConditionEvent.violated(item, item.getName() + " is in room " + from
                        + ", which has no floor (give it one here and in ARCHITECTURE.md)"));
                return;
            }
            for (Dependency d : item.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().getBaseComponentType(); // an array's element type
                if (!target.getPackageName().startsWith("org.felicette")) {
                    continue;
                }
                String to = room(target);
                Integer targetFloor = FLOOR.get(to);
                if (!to.equals(from) && (targetFloor == null || targetFloor >= floor)) {
                    events.add(SimpleConditionEvent.violated(item, from + " (floor " + floor + ") uses " + to
                            + " (floor " + targetFloor + "): " + d.getDescription()));
                }
            }
        }
    };

    @Test
    void everyRoomUsesOnlyRoomsBelowIt() {
        classes().should(USE_ONLY_LOWER_FLOORS).check(SERVICE);
    }

    @Test
    void noRoomsDependOnEachOtherInACircle() {
        slices().matching("org.felicette.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    /** Sub-rooms use their room's shared classes; the shared classes never use a sub-room. */
    @Test
    void sharedClassesOfARoomDoNotUseItsSubRooms() {
        // (api's and ingest's roots hold resources and readers that use their sub-rooms by design)
        noClasses().that().resideInAPackage("org.felicette.catalog").should().dependOnClassesThat()
                .resideInAPackage("org.felicette.catalog.(*)..").check(SERVICE);
        slices().matching("org.felicette.(*).(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void theAdqlLibraryLivesInQuery() {
        noClasses().that().resideOutsideOfPackage("org.felicette.query..").should().dependOnClassesThat()
                .resideInAnyPackage("ca.nrc.cadc..", "net.sf.jsqlparser..").check(SERVICE);
    }

    @Test
    void jdbcAndJdbiLiveInDb() {
        // the rooms above hold db's own Db and Tx: transactions and DAOs, nothing of the library
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.felicette.db..").should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "liquibase..", "org.jdbi..");
        rule.check(SERVICE);
    }

    /**
     * Who may see or change what is decided by {@code tapschema.Access} alone (the one read rule,
     * which the database layer renders as SQL from the same branches): no other class compares a
     * caller with an owner or a group itself.
     */
    @Test
    void onlyTheOneAccessRuleComparesCallersWithOwnersAndGroups() {
        noClasses().that().resideOutsideOfPackages("org.felicette.tapschema..", "org.felicette.auth..").should()
                .callMethod(org.felicette.auth.Caller.class, "is", String.class).orShould()
                .callMethod(org.felicette.auth.Caller.class, "isMemberOf", String.class).check(SERVICE);
    }

    @Test
    void jaxRsLivesInApi() {
        noClasses().that().resideOutsideOfPackage("org.felicette.api..").should().dependOnClassesThat()
                .resideInAPackage("jakarta.ws.rs..").check(SERVICE);
    }
}

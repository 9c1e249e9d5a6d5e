package org.felicette.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupUrisTest {

    private static final GroupUris GMS = new GroupUris(List.of("ivo://example.org/gms"));

    @Test
    void aPlainGroupAlsoAnswersToItsUri() {
        assertThat(GMS.memberships(Set.of("astro"))).containsExactlyInAnyOrder("astro", "ivo://example.org/gms?astro");
    }

    @Test
    void aGroupUriOfTheConfiguredServiceAlsoAnswersToItsPlainName() {
        assertThat(GMS.memberships(Set.of("ivo://example.org/gms?astro")))
                .containsExactlyInAnyOrder("astro", "ivo://example.org/gms?astro");
    }

    @Test
    void aUriOfAnotherServiceStaysAsItIs() {
        assertThat(GMS.memberships(Set.of("ivo://other.org/gms?astro"))).containsExactly("ivo://other.org/gms?astro");
    }

    @Test
    void withoutBasesGroupsAnswerOnlyToThemselves() {
        assertThat(GroupUris.NONE.memberships(Set.of("astro"))).containsExactly("astro");
    }

    @Test
    void anAdminGroupMatchesInEitherForm() {
        AdminRule rule = new AdminRule(Set.of(), Set.of("admins"), GMS);
        assertThat(rule.caller("x", Set.of("ivo://example.org/gms?admins")).admin()).isTrue();
        assertThat(rule.caller("y", Set.of("astro")).admin()).isFalse();
        Caller caller = rule.caller("z", Set.of("astro"));
        assertThat(caller.groups()).containsExactly("astro");
        assertThat(caller.isMemberOf("ivo://example.org/gms?astro")).isTrue();
    }

    @Test
    void aBaseWrittenWithItsQuestionMarkIsTheSame() {
        assertThat(new GroupUris(List.of("ivo://example.org/gms?")).memberships(Set.of("astro")))
                .contains("ivo://example.org/gms?astro");
    }

    @org.junit.jupiter.api.Test
    void aGrantMayNameAPlainGroupOrAUriOfAKnownBaseOnly() {
        GMS.requireKnown("astro", "r-group");
        GMS.requireKnown("ivo://example.org/gms?astro", "r-group");
        GMS.requireKnown(null, "r-group");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GMS.requireKnown("ivo://other.org/gms?astro", "rw-group"))
                .hasMessageContaining("rw-group 'ivo://other.org/gms?astro' names a group of the GMS service "
                        + "ivo://other.org/gms").hasMessageContaining("are ivo://example.org/gms");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GroupUris.NONE.requireKnown("ivo://cadc.nrc.ca/gms?G",
                "r-group")).hasMessageContaining("are none").hasMessageContaining("('G')");
    }
}

package org.felicette.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;

/** How callers are identified: {@code tokens} or {@code gateway}, and who is an admin. */
public class AuthConfig {

    public enum Mode { tokens, gateway }

    @NotNull
    @JsonProperty
    private Mode mode = Mode.tokens;

    @Valid
    @NotNull
    @JsonProperty
    private List<Token> tokens = List.of();

    @NotNull
    @JsonProperty
    private List<String> trustedProxies = List.of("127.0.0.1", "::1");

    @NotEmpty
    @JsonProperty
    private String userHeader = "X-Auth-Request-User";

    @NotEmpty
    @JsonProperty
    private String groupsHeader = "X-Auth-Request-Groups";

    @Valid
    @NotNull
    @JsonProperty
    private Admins admins = new Admins();

    /**
     * GMS base URIs (e.g. {@code ivo://cadc.nrc.ca/gms}): a group URI {@code <base>?name} names the
     * group {@code name} the authenticator reports, as YouCat's clients write groups.
     */
    @NotNull
    @JsonProperty
    private List<String> groupUris = List.of();

    /** A bearer token, configured by its SHA-256 hash, for a user with groups. */
    public record Token(
            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256 of the token)")
            String sha256,
            @NotEmpty String user,
            List<String> groups) {

        public Token {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        public Set<String> groupSet() {
            return Set.copyOf(groups);
        }
    }

    /** Users and groups with every right. */
    public static class Admins {
        @NotNull
        @JsonProperty
        private List<String> users = List.of();

        @NotNull
        @JsonProperty
        private List<String> groups = List.of();
    }

    public Mode mode() {
        return mode;
    }

    /** The GMS bases whose group URIs name the groups the authenticator reports. */
    public GroupUris groupUris() {
        return new GroupUris(groupUris);
    }

    public AdminRule adminRule() {
        return new AdminRule(Set.copyOf(admins.users), Set.copyOf(admins.groups), new GroupUris(groupUris));
    }

    public Authenticator authenticator() {
        return switch (mode) {
            case tokens -> new TokenAuthenticator(tokens, adminRule());
            case gateway -> new GatewayAuthenticator(trustedProxies, userHeader, groupsHeader, adminRule());
        };
    }
}

package org.felicette.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/** User tables: who may read them from the TAP service, and how much each user may have. */
public class UserTablesConfig {

    /** A PostgreSQL role given SELECT on every user table (the TAP service's reader); none when empty. */
    @Pattern(regexp = "|[a-z_][a-z0-9_]{0,62}", message = "must be a lower-case PostgreSQL role name")
    @JsonProperty
    private String tapReaderRole = "";

    @NotNull
    @JsonProperty
    private Quota quota = new Quota(100, 10L * 1024 * 1024 * 1024);

    /** Per-user limits that differ from the default. */
    @NotNull
    @JsonProperty
    private Map<String, Quota> quotaOverrides = Map.of();

    /** The most bytes one load may send (after any gzip is undone); a body past it is refused as it streams. */
    @Min(1)
    @JsonProperty
    private long maxLoadBytes = 4L * 1024 * 1024 * 1024;

    /** Limits of one user. */
    public record Quota(@Min(0) int maxTables, @Min(0) long maxBytes) {
    }

    public String tapReaderRole() {
        return tapReaderRole == null || tapReaderRole.isBlank() ? null : tapReaderRole;
    }

    /** The role the service's own ADQL queries run as, once made (not configured here: {@code query.role}). */
    private volatile String queryRole;

    /** Tables made from now on are also readable by the role ADQL queries run as (null: none). */
    public void readableBy(String role) {
        this.queryRole = role;
    }

    /** The roles every user and upload table is granted SELECT to as it is made. */
    public java.util.List<String> readerRoles() {
        return java.util.stream.Stream.of(tapReaderRole(), queryRole).filter(java.util.Objects::nonNull).distinct()
                .toList();
    }

    public long maxLoadBytes() {
        return maxLoadBytes;
    }

    public Quota quotaOf(String user) {
        return quotaOverrides.getOrDefault(user, quota);
    }
}

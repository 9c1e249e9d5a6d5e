package org.felicette;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.felicette.api.http.PublicUrlConfig;
import org.felicette.auth.AuthConfig;
import org.felicette.catalog.UserTablesConfig;
import org.felicette.db.DatabaseConfig;
import org.felicette.felis.FelisConfig;
import org.felicette.jobs.JobsConfig;
import org.felicette.query.QueryConfig;
import org.felicette.uploads.UploadsConfig;
import org.felicette.vosi.VosiConfig;

/** The service configuration ({@code config.yml}). */
public class FelicetteConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DatabaseConfig database = new DatabaseConfig();

    @Valid
    @NotNull
    @JsonProperty
    private AuthConfig auth = new AuthConfig();

    @Valid
    @NotNull
    @JsonProperty
    private FelisConfig felis = new FelisConfig();

    @Valid
    @NotNull
    @JsonProperty
    private VosiConfig vosi = new VosiConfig();

    @Valid
    @NotNull
    @JsonProperty
    private UserTablesConfig userTables = new UserTablesConfig();

    @Valid
    @NotNull
    @JsonProperty
    private JobsConfig jobs = new JobsConfig();

    @Valid
    @NotNull
    @JsonProperty
    private UploadsConfig uploads = new UploadsConfig();

    @Valid
    @NotNull
    @JsonProperty
    private PublicUrlConfig publicUrl = new PublicUrlConfig();

    @Valid
    @NotNull
    @JsonProperty
    private QueryConfig query = new QueryConfig();

    public QueryConfig query() {
        return query;
    }

    public PublicUrlConfig publicUrl() {
        return publicUrl;
    }

    public UploadsConfig uploads() {
        return uploads;
    }

    public JobsConfig jobs() {
        return jobs;
    }

    public UserTablesConfig userTables() {
        return userTables;
    }

    public VosiConfig vosi() {
        return vosi;
    }

    public FelisConfig felis() {
        return felis;
    }

    public DatabaseConfig database() {
        return database;
    }

    public AuthConfig auth() {
        return auth;
    }
}

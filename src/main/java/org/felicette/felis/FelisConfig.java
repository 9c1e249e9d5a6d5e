package org.felicette.felis;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;

/** Where Felis schemas come from and how they are published ({@code felis:} in config.yml). */
public class FelisConfig {

    /** The directory of Felis files published at start-up; also where resources of uploaded documents resolve. */
    @NotNull
    @JsonProperty
    private String directory = "felis-schemas";

    /** Publish the directory's schemas at start-up (those whose documents changed). */
    @JsonProperty
    private boolean publishOnStartup = true;

    /**
     * File names (in the directory) in the order that gives their schema_index (1, 2, 3…); empty
     * means every {@code *.yaml} file there, by name. Files that only serve as resources of
     * others can be left out by listing the ones to publish.
     */
    @NotNull
    @JsonProperty
    private List<String> startup = List.of();

    @JsonProperty
    private boolean uniqueKeys = false;

    @Min(1024)
    @JsonProperty
    private int maxDocumentBytes = 32 * 1024 * 1024;

    public Path directory() {
        return Path.of(directory);
    }

    public boolean publishOnStartup() {
        return publishOnStartup;
    }

    public List<String> startup() {
        return startup;
    }

    public boolean uniqueKeys() {
        return uniqueKeys;
    }

    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /** Reading options for documents of this service. */
    public FelisOptions options() {
        return FelisOptions.DEFAULT.withUniqueKeys(uniqueKeys)
                .withLimits(new FelisYaml.Limits(maxDocumentBytes, FelisYaml.Limits.DEFAULT.maxAliases(),
                        FelisYaml.Limits.DEFAULT.maxDepth()));
    }

    public SourceResolver resolver() {
        return new SourceResolver(directory(), maxDocumentBytes);
    }
}

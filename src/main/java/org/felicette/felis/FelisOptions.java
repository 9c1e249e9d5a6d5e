package org.felicette.felis;

/**
 * How a Felis document is read, checked and published; the optional checks are felis's
 * {@code --check-…} flags.
 *
 * @param idGeneration generate missing {@code @id}s (as felis's id generation does); off makes a
 *     missing id an error
 * @param columnRefIndexIncrement when set, referenced columns without a tap:column_index are
 *     numbered N, 2N, 3N… per referenced table
 * @param forceUnboundedArraysize string, unicode and binary columns get arraysize "*" instead of "n*"
 * @param uniqueKeys prefix TAP_SCHEMA key ids with the schema name, as felis's unique-keys option
 */
public record FelisOptions(boolean idGeneration, Integer columnRefIndexIncrement, boolean checkDescription,
        boolean checkTapPrincipal, boolean checkTapTableIndexes, boolean checkRedundantDatatypes,
        boolean forceUnboundedArraysize, boolean uniqueKeys, FelisYaml.Limits limits) {

    public static final FelisOptions DEFAULT = new FelisOptions(true, null, false, false, false, false, false, false,
            FelisYaml.Limits.DEFAULT);

    public FelisOptions withUniqueKeys(boolean unique) {
        return new FelisOptions(idGeneration, columnRefIndexIncrement, checkDescription, checkTapPrincipal,
                checkTapTableIndexes, checkRedundantDatatypes, forceUnboundedArraysize, unique, limits);
    }

    public FelisOptions withChecks(boolean description, boolean tapPrincipal, boolean tapTableIndexes,
            boolean redundantDatatypes) {
        return new FelisOptions(idGeneration, columnRefIndexIncrement, description, tapPrincipal, tapTableIndexes,
                redundantDatatypes, forceUnboundedArraysize, uniqueKeys, limits);
    }

    public FelisOptions withColumnRefIndexIncrement(Integer increment) {
        return new FelisOptions(idGeneration, increment, checkDescription, checkTapPrincipal, checkTapTableIndexes,
                checkRedundantDatatypes, forceUnboundedArraysize, uniqueKeys, limits);
    }

    public FelisOptions withLimits(FelisYaml.Limits newLimits) {
        return new FelisOptions(idGeneration, columnRefIndexIncrement, checkDescription, checkTapPrincipal,
                checkTapTableIndexes, checkRedundantDatatypes, forceUnboundedArraysize, uniqueKeys, newLimits);
    }

    public FelisOptions withIdGeneration(boolean generate) {
        return new FelisOptions(generate, columnRefIndexIncrement, checkDescription, checkTapPrincipal,
                checkTapTableIndexes, checkRedundantDatatypes, forceUnboundedArraysize, uniqueKeys, limits);
    }
}

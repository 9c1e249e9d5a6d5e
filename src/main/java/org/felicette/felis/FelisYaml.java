package org.felicette.felis;

import java.io.Reader;
import java.io.StringReader;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML into SnakeYAML's node tree (keeping every node's position) with the limits that
 * make hostile input harmless: few aliases, bounded nesting and size, no custom tags.
 */
public final class FelisYaml {

    /** Limits on one document. */
    public record Limits(int maxChars, int maxAliases, int maxDepth) {
        /** Felis documents hardly ever use aliases; few are enough and keep expansion small. */
        public static final Limits DEFAULT = new Limits(32 * 1024 * 1024, 20, 64);
    }

    /**
     * How many nodes a document may expand to when aliases are followed; the reader walks the
     * expanded tree, so this bounds its work whatever the aliases do.
     */
    static final long MAX_EXPANDED_NODES = 5_000_000;

    private static final Set<String> STANDARD_TAGS = Set.of(Tag.STR.getValue(), Tag.INT.getValue(),
            Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue(), Tag.MAP.getValue(), Tag.SEQ.getValue(),
            Tag.TIMESTAMP.getValue());

    private FelisYaml() {
    }

    /**
     * The root node of the single document in {@code text}, or null (with the reason in
     * {@code problems}) when it is not YAML we accept.
     */
    public static Node parse(String text, String file, Limits limits, Problems problems) {
        if (text.length() > limits.maxChars()) {
            problems.error(Position.start(file), "the document has " + text.length()
                    + " characters; the limit is " + limits.maxChars());
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxChars());
        options.setAllowDuplicateKeys(false);
        options.setProcessComments(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
                new DumperOptions(), options);
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.error(position(file, mark), "not valid YAML: " + describe(e));
            return null;
        } catch (YAMLException e) {
            problems.error(Position.start(file), "not accepted as YAML: " + e.getMessage());
            return null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        if (root == null) {
            problems.error(Position.start(file), "the document is empty");
            return null;
        }
        try {
            long expanded = walk(root, new IdentityHashMap<>(), file, problems);
            if (expanded > MAX_EXPANDED_NODES) {
                problems.error(Position.start(file), "the document expands to " + expanded
                        + " nodes through its aliases; the limit is " + MAX_EXPANDED_NODES);
                return null;
            }
        } catch (IllegalStateException recursive) {
            problems.error(position(file, root.getStartMark()), recursive.getMessage());
            return null;
        }
        return root;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        String context = e.getContext();
        return context == null ? problem : context + ", " + problem;
    }

    /**
     * One walk over the distinct nodes: refuses custom tags (they would ask for behaviour we do
     * not have) at their position, and returns the node count of the tree with every alias
     * expanded (computed once per distinct node).
     */
    private static long walk(Node node, Map<Node, Long> sizes, String file, Problems problems) {
        Long known = sizes.get(node);
        if (known != null) {
            if (known < 0) {
                throw new IllegalStateException("an alias refers to a node that contains it (a recursive structure)");
            }
            return known;
        }
        sizes.put(node, -1L);
        if (!STANDARD_TAGS.contains(node.getTag().getValue())) {
            problems.error(position(file, node.getStartMark()), "the YAML tag " + node.getTag().getValue()
                    + " is not allowed; use plain values");
        }
        long size = 1;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                size += walk(tuple.getKeyNode(), sizes, file, problems);
                size = Math.min(size + walk(tuple.getValueNode(), sizes, file, problems), MAX_EXPANDED_NODES + 1);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                size = Math.min(size + walk(item, sizes, file, problems), MAX_EXPANDED_NODES + 1);
            }
        }
        sizes.put(node, size);
        return size;
    }

    public static Position position(String file, Mark mark) {
        return mark == null ? Position.start(file) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}

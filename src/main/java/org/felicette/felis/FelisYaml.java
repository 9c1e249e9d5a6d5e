package org.felicette.felis;

import java.io.Reader;
import java.io.StringReader;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

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
     * Told of each mapping that is an item of a sequence valued by a key of the root mapping
     * (such as a Felis schema's tables), as soon as it is composed: read then, its nodes are
     * still in the processor's caches, where a second walk over the whole tree would find them
     * long gone. Only items with no alias before them are told (an alias could make one expand
     * beyond what {@link #MAX_EXPANDED_NODES} allows, which is known only at the end).
     */
    interface RootItemListener {
        void item(String key, MappingNode item);
    }

    /**
     * The root node of the single document in {@code text}, or null (with the reason in
     * {@code problems}) when it is not YAML we accept. {@code listener} (may be null) is told of
     * root items as they are composed; what it reads of them counts only when this returns a node.
     */
    static Node parse(String text, String file, Limits limits, Problems problems, RootItemListener listener) {
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
        Node root;
        CheckingComposer composer;
        try (Reader reader = new StringReader(text)) {
            composer = new CheckingComposer(new ParserImpl(new StreamReader(reader), options), options, file,
                    problems, listener);
            root = composer.getSingleNode();
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
        if (composer.anchors == 0) {
            // Without anchors there are no aliases: every node is in the tree once, and the tree is
            // no bigger than the document.
            return root;
        }
        try {
            long expanded = walk(root, new IdentityHashMap<>());
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

    /**
     * SnakeYAML's composer, refusing custom tags as it meets them (once per node, whatever
     * aliases it), counting anchors (only an anchored node can be aliased) and telling the
     * {@link RootItemListener} of root items as they are complete.
     */
    private static final class CheckingComposer extends Composer {
        private final String file;
        private final Problems problems;
        private final RootItemListener listener;
        private int anchors;
        /** Collections open around the node being composed (1 inside the root). */
        private int depth;
        /** The last key of the root mapping. */
        private String rootKey;
        /** While the value of a root key is a sequence being composed: that key. */
        private String rootSequence;

        CheckingComposer(ParserImpl parser, LoaderOptions options, String file, Problems problems,
                RootItemListener listener) {
            super(parser, WordResolver.INSTANCE, options);
            this.file = file;
            this.problems = problems;
            this.listener = listener;
        }

        @Override
        protected Node composeScalarNode(String anchor, List<CommentLine> comments) {
            return composed(anchor, super.composeScalarNode(anchor, comments));
        }

        @Override
        protected Node composeKeyNode(MappingNode parent) {
            Node key = super.composeKeyNode(parent);
            if (depth == 1) {
                rootKey = key instanceof ScalarNode scalar ? scalar.getValue() : null;
            }
            return key;
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            String outer = rootSequence;
            rootSequence = depth == 1 ? rootKey : null;
            depth++;
            try {
                return composed(anchor, super.composeSequenceNode(anchor));
            } finally {
                depth--;
                rootSequence = outer;
            }
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            String itemOf = depth == 2 ? rootSequence : null;
            depth++;
            Node node;
            try {
                node = composed(anchor, super.composeMappingNode(anchor));
            } finally {
                depth--;
            }
            if (itemOf != null && listener != null && anchors == 0) {
                listener.item(itemOf, (MappingNode) node);
            }
            return node;
        }

        private Node composed(String anchor, Node node) {
            if (anchor != null) {
                anchors++;
            }
            check(node, file, problems);
            return node;
        }
    }

    /**
     * SnakeYAML's resolver, answering "string" without its regular expressions for the plain
     * scalars none of them can match, which are most of a Felis document (names, descriptions,
     * UCDs). Its implicit types start with one of {@link #TYPED_STARTS}, and the words among them
     * (booleans, null) have at most five letters; every other scalar is left to SnakeYAML.
     */
    static final class WordResolver extends Resolver {

        /** Shared: a resolver is only read once built. */
        static final WordResolver INSTANCE = new WordResolver();

        /** The first characters SnakeYAML's implicit resolvers are registered for. */
        static final String TYPED_STARTS = "yYnNtTfFoO-+0123456789.<~!&*\0";

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar && implicit && !value.isEmpty()) {
                char first = value.charAt(0);
                if (TYPED_STARTS.indexOf(first) < 0 || (value.length() > 5 && Character.isLetter(first))) {
                    return Tag.STR;
                }
            }
            return super.resolve(kind, value, implicit);
        }
    }

    /**
     * Refuses custom tags (they would ask for behaviour we do not have) and NUL characters (a
     * double-quoted {@code "\0"}): PostgreSQL cannot store them in text, and a document that
     * validates must publish.
     */
    private static void check(Node node, String file, Problems problems) {
        if (!STANDARD_TAGS.contains(node.getTag().getValue())) {
            problems.error(position(file, node.getStartMark()), "the YAML tag " + node.getTag().getValue()
                    + " is not allowed; use plain values");
        }
        if (node instanceof ScalarNode scalar && scalar.getValue().indexOf('\0') >= 0) {
            problems.error(position(file, node.getStartMark()), "a NUL character (\\0) is not allowed in a value; "
                    + "PostgreSQL cannot store it");
        }
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        String context = e.getContext();
        return context == null ? problem : context + ", " + problem;
    }

    /**
     * One walk over the distinct nodes: returns the node count of the tree with every alias
     * expanded (computed once per distinct node), and fails on a node that contains itself.
     */
    private static long walk(Node node, Map<Node, Long> sizes) {
        Long known = sizes.get(node);
        if (known != null) {
            if (known < 0) {
                throw new IllegalStateException("an alias refers to a node that contains it (a recursive structure)");
            }
            return known;
        }
        sizes.put(node, -1L);
        long size = 1;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                size += walk(tuple.getKeyNode(), sizes);
                size = Math.min(size + walk(tuple.getValueNode(), sizes), MAX_EXPANDED_NODES + 1);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                size = Math.min(size + walk(item, sizes), MAX_EXPANDED_NODES + 1);
            }
        }
        sizes.put(node, size);
        return size;
    }

    public static Position position(String file, Mark mark) {
        return mark == null ? Position.start(file) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}

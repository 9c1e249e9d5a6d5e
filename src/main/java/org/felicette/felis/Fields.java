package org.felicette.felis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping of a Felis element, checked against the keys the element knows.
 * Each key is accepted in its prefixed form ({@code tap:table_index}) and in felis's field-name
 * form ({@code tap_table_index}); any other key is an error suggesting the nearest known one.
 * Type errors are reported at the value's position and read as absent.
 */
final class Fields {

    private final String file;
    private final String element;
    private final Problems problems;
    private final Keys keys;
    /** The key-value pairs given, by the index of their canonical key. */
    private final NodeTuple[] given;
    private final Position at;

    /** The keys an element knows, with each accepted spelling mapped to the index of its canonical key. */
    static final class Keys {
        private final List<String> known;
        private final Map<String, Integer> index = new HashMap<>();

        Keys(List<String> known) {
            this.known = List.copyOf(known);
            for (int i = 0; i < known.size(); i++) {
                index.put(known.get(i), i);
                index.put(fieldName(known.get(i)), i);
            }
        }
    }

    Fields(Node node, String element, List<String> knownKeys, String file, Problems problems) {
        this(node, element, new Keys(knownKeys), file, problems);
    }

    Fields(Node node, String element, Keys keys, String file, Problems problems) {
        this(node, element, keys, file, problems, null);
    }

    /**
     * @param ignoredKeys when not null, unknown keys are not errors but warnings saying they have
     *     no effect, followed by this text (felis ignores them there)
     */
    Fields(Node node, String element, Keys keys, String file, Problems problems, String ignoredKeys) {
        this.file = file;
        this.element = element;
        this.problems = problems;
        this.keys = keys;
        this.given = new NodeTuple[keys.known.size()];
        this.at = FelisYaml.position(file, node.getStartMark());
        if (!(node instanceof MappingNode mapping)) {
            problems.error(at, element + " must be a mapping of keys to values");
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.error(keyAt(tuple), "keys of " + element + " must be plain strings");
                continue;
            }
            String key = keyNode.getValue();
            Integer known = keys.index.get(key);
            if (known == null && ignoredKeys != null) {
                problems.warning(keyAt(tuple), "'" + key + "' in " + element + " has no effect" + ignoredKeys);
            } else if (known == null) {
                problems.error(keyAt(tuple), "unknown key '" + key + "' in " + element + suggestion(key, keys.known));
            } else if (given[known] != null) {
                problems.error(keyAt(tuple), "'" + key + "' is given twice in " + element);
            } else {
                given[known] = tuple;
            }
        }
    }

    private Position keyAt(NodeTuple tuple) {
        return FelisYaml.position(file, tuple.getKeyNode().getStartMark());
    }

    /** The {@code name} of a mapping node, read before its fields, so that messages can name it. */
    static String peekName(Node node) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                        && tuple.getValueNode() instanceof ScalarNode v) {
                    return v.getValue();
                }
            }
        }
        return null;
    }

    /** felis's Python field name for a key: {@code tap:table_index} → {@code tap_table_index}. */
    static String fieldName(String key) {
        String plain = key.replace("@", "").replace(':', '_');
        StringBuilder snake = new StringBuilder();
        for (char c : plain.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    private static String suggestion(String key, List<String> knownKeys) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : knownKeys) {
            int d = Math.min(distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT)),
                    distance(key.toLowerCase(Locale.ROOT), fieldName(candidate)));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    Position at() {
        return at;
    }

    boolean has(String key) {
        return tuple(key) != null;
    }

    private NodeTuple tuple(String key) {
        Integer i = keys.index.get(key);
        return i == null ? null : given[i];
    }

    Node node(String key) {
        NodeTuple tuple = tuple(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** Positions of the element ("") and of each value that is present. */
    Map<String, Position> positions() {
        int size = 1;
        for (NodeTuple tuple : given) {
            size += tuple == null ? 0 : 1;
        }
        String[] names = new String[size];
        int[] lines = new int[size];
        int[] columns = new int[size];
        names[0] = "";
        lines[0] = at.line();
        columns[0] = at.column();
        int n = 1;
        for (int i = 0; i < given.length; i++) {
            if (given[i] != null) {
                Mark mark = given[i].getValueNode().getStartMark();
                names[n] = keys.known.get(i);
                lines[n] = mark == null ? 1 : mark.getLine() + 1;
                columns[n] = mark == null ? 1 : mark.getColumn() + 1;
                n++;
            }
        }
        return new Positions(file, names, lines, columns);
    }

    Position at(String key) {
        Node node = node(key);
        return node == null ? at : FelisYaml.position(file, node.getStartMark());
    }

    private ScalarNode scalar(String key) {
        Node node = node(key);
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar;
        }
        problems.error(at(key), "'" + key + "' of " + element + " must be a single value");
        return null;
    }

    /** Whether the key is given with a null value ({@code key:} or {@code key: null}). */
    boolean givenAsNull(String key) {
        Node node = node(key);
        return node != null && isNull(node);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** A string; numbers and booleans are taken as written (a version 1.1 is the string "1.1"). */
    String string(String key) {
        ScalarNode scalar = scalar(key);
        return scalar == null ? null : scalar.getValue().strip();
    }

    /** A string that must be written as a string (not a number or boolean). */
    String strictString(String key) {
        ScalarNode scalar = scalar(key);
        if (scalar == null) {
            return null;
        }
        if (!scalar.getTag().equals(Tag.STR)) {
            problems.error(at(key), "'" + key + "' of " + element + " must be a string, not " + scalar.getValue());
            return null;
        }
        return scalar.getValue().strip();
    }

    Integer integer(String key) {
        ScalarNode scalar = scalar(key);
        if (scalar == null) {
            return null;
        }
        if (scalar.getTag().equals(Tag.INT)) {
            try {
                return Integer.valueOf(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                problems.error(at(key), "'" + key + "' of " + element + " is out of range: " + scalar.getValue());
                return null;
            }
        }
        problems.error(at(key), "'" + key + "' of " + element + " must be an integer, not '" + scalar.getValue() + "'");
        return null;
    }

    Boolean bool(String key) {
        ScalarNode scalar = scalar(key);
        if (scalar == null) {
            return null;
        }
        if (scalar.getTag().equals(Tag.BOOL)) {
            return Boolean.valueOf(scalar.getValue().toLowerCase(Locale.ROOT).matches("true|yes|on|y"));
        }
        problems.error(at(key), "'" + key + "' of " + element + " must be true or false, not '" + scalar.getValue() + "'");
        return null;
    }

    /** A typed scalar value: Boolean, Long, Double or String (for a column's default value). */
    Object value(String key) {
        ScalarNode scalar = scalar(key);
        if (scalar == null) {
            return null;
        }
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (tag.equals(Tag.BOOL)) {
                return Boolean.valueOf(text.toLowerCase(Locale.ROOT).matches("true|yes|on|y"));
            }
            if (tag.equals(Tag.INT)) {
                return Long.valueOf(text.replace("_", ""));
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.valueOf(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            problems.error(at(key), "'" + key + "' of " + element + " is not a usable number: " + text);
            return null;
        }
        return text;
    }

    /** A list of strings, or one string taken as a list of one. */
    List<String> strings(String key) {
        Node node = node(key);
        List<String> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (node instanceof ScalarNode scalar) {
            out.add(scalar.getValue().strip());
            return out;
        }
        if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar && !isNull(item)) {
                    out.add(scalar.getValue().strip());
                } else {
                    problems.error(FelisYaml.position(file, item.getStartMark()),
                            "items of '" + key + "' of " + element + " must be strings");
                }
            }
            return out;
        }
        problems.error(at(key), "'" + key + "' of " + element + " must be a list of strings");
        return out;
    }

    /** The items of a list-valued key (empty when absent). */
    List<Node> items(String key) {
        Node node = node(key);
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problems.error(at(key), "'" + key + "' of " + element + " must be a list");
        return List.of();
    }

    /** The entries of a mapping-valued key, keyed by their (string) keys, in document order. */
    Map<String, Node> entries(String key) {
        Node node = node(key);
        Map<String, Node> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.error(at(key), "'" + key + "' of " + element + " must be a mapping");
            return out;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k) {
                if (out.putIfAbsent(k.getValue(), tuple.getValueNode()) != null) {
                    problems.error(FelisYaml.position(file, k.getStartMark()),
                            "'" + k.getValue() + "' is given twice in '" + key + "'");
                }
            } else {
                problems.error(FelisYaml.position(file, tuple.getKeyNode().getStartMark()),
                        "keys of '" + key + "' must be plain strings");
            }
        }
        return out;
    }
}

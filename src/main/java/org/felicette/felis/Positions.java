package org.felicette.felis;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The positions of an element's fields, as read: a small immutable map from field key to
 * position that holds lines and columns in arrays and makes {@link Position} objects only when
 * asked (a schema of thousands of columns has tens of thousands of fields, and messages need
 * few of them). Lookups compare the few keys of one element in turn.
 */
final class Positions extends AbstractMap<String, Position> {

    private final String file;
    private final String[] keys;
    private final int[] lines;
    private final int[] columns;

    /** Entry i is keys[i] at lines[i], columns[i] (1-based); the arrays, of one length, are the map's own. */
    Positions(String file, String[] keys, int[] lines, int[] columns) {
        this.file = file;
        this.keys = keys;
        this.lines = lines;
        this.columns = columns;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Position get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : new Position(file, lines[i], columns[i]);
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<String, Position>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Position>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Position> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], new Position(file, lines[i], columns[i]));
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}

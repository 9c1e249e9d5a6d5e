package org.felicette.felis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the answers of a pure function of a string (such as whether a unit or a UCD is
 * valid): catalogues repeat the same few hundred units and UCDs thousands of times. Bounded: when
 * full it starts again, so hostile input cannot make it grow.
 */
final class Memo<V> {

    private final Function<String, V> function;
    private final int capacity;
    private final Map<String, V> answers = new ConcurrentHashMap<>();

    Memo(Function<String, V> function, int capacity) {
        this.function = function;
        this.capacity = capacity;
    }

    V get(String key) {
        V known = answers.get(key);
        if (known != null) {
            return known;
        }
        V answer = function.apply(key);
        if (answers.size() >= capacity) {
            answers.clear();
        }
        answers.put(key, answer);
        return answer;
    }
}

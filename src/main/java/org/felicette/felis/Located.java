package org.felicette.felis;

import java.util.Map;

/** A Felis element that knows where it and each of its fields stand in its document. */
public interface Located {

    /** Positions by field key (the canonical Felis key, e.g. {@code tap:principal}); "" is the element. */
    Map<String, Position> positions();

    default Position at() {
        return positions().get("");
    }

    /** Where a field's value stands, or the element when the field is absent. */
    default Position at(String field) {
        return positions().getOrDefault(field, at());
    }
}

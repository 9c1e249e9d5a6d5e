package org.felicette.api.http;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;

/** UWS (DALI) parameters: names without case, kept in lower case; one value each. */
public final class UwsParameters {

    private UwsParameters() {
    }

    public static Map<String, String> of(MultivaluedMap<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null) {
            return out;
        }
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            String name = e.getKey().strip().toLowerCase(Locale.ROOT);
            for (String value : e.getValue()) {
                String previous = out.put(name, value);
                if (previous != null && !previous.equals(value)) {
                    throw FelicetteException.badInput("repeated_parameter", "parameter '" + e.getKey()
                            + "' is given twice, as '" + previous + "' and '" + value + "'; give it once");
                }
            }
        }
        return out;
    }
}

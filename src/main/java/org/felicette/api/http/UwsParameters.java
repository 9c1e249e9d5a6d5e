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
        Map<String, String> spelled = new java.util.HashMap<>(); // how the kept value's name was written
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            String written = e.getKey().strip();
            String name = written.toLowerCase(Locale.ROOT);
            for (String value : e.getValue()) {
                String previous = out.get(name);
                if (previous == null || previous.equals(value)) {
                    out.put(name, value);
                    spelled.putIfAbsent(name, written);
                    continue;
                }
                // the standards spell their parameters in capitals: given both ways (astroquery's TapPlus
                // sends FORMAT for the result and format for its upload), the capitals are the TAP one
                String before = spelled.get(name);
                boolean capitals = written.equals(written.toUpperCase(Locale.ROOT));
                boolean capitalsBefore = before.equals(before.toUpperCase(Locale.ROOT));
                if (capitals != capitalsBefore) {
                    if (capitals) {
                        out.put(name, value);
                        spelled.put(name, written);
                    }
                    continue;
                }
                throw FelicetteException.badInput("repeated_parameter", "parameter '" + e.getKey()
                        + "' is given twice, as '" + previous + "' and '" + value + "'; give it once");
            }
        }
        return out;
    }
}

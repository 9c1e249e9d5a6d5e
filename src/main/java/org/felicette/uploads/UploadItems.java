package org.felicette.uploads;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.felicette.FelicetteException;

/**
 * DALI/TAP's {@code UPLOAD} parameter: {@code name,URI} pairs, the parameter repeated or the pairs
 * joined with {@code ;}. A name is an ADQL regular identifier, unique without case in the request;
 * a URI is {@code param:part} (a part of the same request) or an http(s) URL.
 */
public final class UploadItems {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    /** One table to upload: its name, and either the request part or the URL that holds it. */
    public record Item(String name, String part, URI url) {
    }

    private UploadItems() {
    }

    public static List<Item> parse(List<String> values) {
        List<Item> items = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String value : values) {
            for (String pair : value.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int comma = pair.indexOf(',');
                if (comma < 0) {
                    throw bad("Wrong uploaded item syntax: '" + pair.strip() + "' is not name,URI");
                }
                String name = pair.substring(0, comma).strip();
                String uri = pair.substring(comma + 1).strip();
                if (!NAME.matcher(name).matches()) {
                    throw bad("Wrong uploaded item name syntax: '" + name + "' (an upload name is an ADQL regular "
                            + "identifier: a letter, then letters, digits or _, at most 40)");
                }
                if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    throw bad("Wrong uploaded item name syntax: '" + name + "' is given twice (names are compared "
                            + "without case)");
                }
                items.add(item(name, uri));
            }
        }
        if (items.isEmpty()) {
            throw bad("missing parameter UPLOAD (name,URI pairs: name,param:part or name,https://…)");
        }
        return items;
    }

    private static Item item(String name, String uri) {
        if (uri.startsWith("param:")) {
            String part = uri.substring("param:".length());
            if (part.isBlank()) {
                throw bad("UPLOAD " + name + ": 'param:' names no part of the request");
            }
            return new Item(name, part, null);
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw bad("UPLOAD " + name + ": '" + uri + "' is not a URI");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad("UPLOAD " + name + ": the URI scheme '" + (scheme.isEmpty() ? uri : scheme) + "' is not accepted; "
                    + "use param:part for a part of the request, or an http or https URL");
        }
        if (parsed.getHost() == null) {
            throw bad("UPLOAD " + name + ": the URL '" + uri + "' names no host");
        }
        return new Item(name, null, parsed);
    }

    private static FelicetteException bad(String message) {
        return FelicetteException.badInput("bad_upload", message);
    }
}

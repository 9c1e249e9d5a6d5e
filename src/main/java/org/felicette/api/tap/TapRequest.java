package org.felicette.api.tap;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.api.http.UwsParameters;
import org.felicette.api.loads.MultipartForm;

/**
 * A TAP request's parameters, from the query string and a form or multipart fields alike (DALI:
 * names without case, one value each), with UPLOAD kept apart: it may be given more than once.
 */
record TapRequest(Map<String, String> parameters, List<String> uploads) {

    static TapRequest of(UriInfo uri, MultivaluedMap<String, String> form) {
        MultivaluedMap<String, String> all = new MultivaluedHashMap<>();
        uri.getQueryParameters().forEach(all::addAll);
        if (form != null) {
            form.forEach(all::addAll);
        }
        List<String> uploads = new ArrayList<>();
        all.forEach((name, values) -> {
            if (name.strip().equalsIgnoreCase("upload")) {
                uploads.addAll(values);
            }
        });
        all.keySet().removeIf(name -> name.strip().equalsIgnoreCase("upload"));
        return new TapRequest(UwsParameters.of(all), uploads);
    }

    static TapRequest of(UriInfo uri, MultipartForm form) {
        MultivaluedMap<String, String> fields = new MultivaluedHashMap<>();
        form.fieldsAsWritten().forEach(fields::addAll);
        return of(uri, fields);
    }
}

package org.felicette.api.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.api.http.Bodies;
import org.felicette.auth.Caller;
import org.felicette.catalog.tables.TableDistributions;
import org.felicette.tapschema.Distribution;

/**
 * {@code /tables/{name}/distribution}: how a user table would be spread over a distributed back
 * end, in the fields of Qserv's user-table ingest. JSON (flags as true/false or 1/0) or a form
 * with the same fields; the table's JSON view shows them too.
 */
@Path("tables/{name}/distribution")
public final class DistributionResource {

    private static final long MAX_DOCUMENT = 64 * 1024;

    private final TableDistributions distributions;
    private final ObjectMapper json;

    public DistributionResource(TableDistributions distributions, ObjectMapper json) {
        this.distributions = distributions;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("name") String name, @Context Caller caller) {
        return distributions.get(caller, name).fields();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> putJson(@PathParam("name") String name, InputStream body, @Context Caller caller)
            throws IOException {
        String document = Bodies.utf8(body, MAX_DOCUMENT, "the distribution document");
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (JsonProcessingException e) {
            throw FelicetteException.badInput("bad_json", "the distribution document is not JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw FelicetteException.badInput("bad_distribution", "the distribution document is a JSON object of "
                    + String.join(", ", Distribution.FIELDS));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            fields.put(e.getKey(), v.isNull() ? null : v.isBoolean() ? (Object) v.booleanValue()
                    : v.isTextual() ? v.textValue() : v.isNumber() ? v.numberValue() : v.toString());
        });
        return distributions.set(caller, name, Distribution.of(fields)).fields();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> putForm(@PathParam("name") String name, MultivaluedMap<String, String> form,
            @Context Caller caller) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            if (e.getValue().size() > 1) {
                throw FelicetteException.badInput("bad_distribution", e.getKey() + " is given "
                        + e.getValue().size() + " times; give it once");
            }
            fields.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue().get(0));
        }
        return distributions.set(caller, name, Distribution.of(fields)).fields();
    }

    @DELETE
    public Response clear(@PathParam("name") String name, @Context Caller caller) {
        distributions.clear(caller, name);
        return Response.noContent().build();
    }
}

package org.felicette.api.tables;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.api.http.Bodies;
import org.felicette.auth.Caller;
import org.felicette.catalog.access.AccessControl;
import org.felicette.catalog.access.Permissions;

/** YouCat's /permissions/{name}: text/plain {@code key=value} lines (owner, public, r-group, rw-group), or JSON. */
@Path("permissions/{name}")
public final class PermissionsResource {

    private final AccessControl tables;
    private final ObjectMapper json;

    public PermissionsResource(AccessControl tables, ObjectMapper json) {
        this.tables = tables;
        this.json = json;
    }

    /** JSON form of permissions. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record View(String owner, @JsonProperty("public") Boolean isPublic, String readGroup, String readWriteGroup) {
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN + ";qs=1")
    public String text(@PathParam("name") String name, @Context Caller caller) {
        return text(tables.permissions(caller, name));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON + ";qs=0.5")
    public View json(@PathParam("name") String name, @Context Caller caller) {
        Permissions p = tables.permissions(caller, name);
        return new View(p.owner(), p.isPublic(), p.readGroup(), p.readWriteGroup());
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public String setText(@PathParam("name") String name, InputStream body, @Context Caller caller)
            throws IOException {
        String owner = null;
        Boolean isPublic = null;
        String read = null;
        String readWrite = null;
        int line = 0;
        Set<String> given = new HashSet<>();
        for (String raw : Bodies.utf8(body, 64 * 1024, "the permissions").split("\r?\n")) {
            line++;
            String text = raw.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw FelicetteException.badInput("bad_permission", "line " + line + ": expected key=value, not '"
                        + text + "'");
            }
            String key = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            if (!given.add(key)) {
                throw FelicetteException.badInput("bad_permission", "line " + line + ": '" + key
                        + "' is given twice; give each key once");
            }
            switch (key) {
                case "owner" -> owner = value;
                case "public" -> isPublic = parseBoolean(value, "line " + line + ": public");
                case "r-group" -> read = value;
                case "rw-group" -> readWrite = value;
                default -> throw FelicetteException.badInput("bad_permission", "line " + line + ": unknown key '" + key
                        + "'; use owner, public, r-group or rw-group");
            }
        }
        return text(tables.setPermissions(caller, name, new Permissions.Change(owner, isPublic, read, readWrite)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public View setJson(@PathParam("name") String name, InputStream body, @Context Caller caller) throws IOException {
        View change = json.readValue(Bodies.utf8(body, 64 * 1024, "the permissions"), View.class);
        Permissions p = tables.setPermissions(caller, name, new Permissions.Change(change.owner(), change.isPublic(),
                change.readGroup(), change.readWriteGroup()));
        return new View(p.owner(), p.isPublic(), p.readGroup(), p.readWriteGroup());
    }

    private static String text(Permissions p) {
        return "owner=" + nullToEmpty(p.owner()) + "\npublic=" + p.isPublic() + "\nr-group=" + nullToEmpty(p.readGroup())
                + "\nrw-group=" + nullToEmpty(p.readWriteGroup()) + "\n";
    }

    private static Boolean parseBoolean(String value, String what) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false") || v.equals("null") || v.isEmpty()) {
            return false;
        }
        throw FelicetteException.badInput("bad_permission", what + " must be true or false, not '" + value + "'");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}

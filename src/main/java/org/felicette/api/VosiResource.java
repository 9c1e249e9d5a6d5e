package org.felicette.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.felicette.api.http.Xml;
import org.felicette.vosi.AvailabilityWriter;
import org.felicette.vosi.CapabilitiesWriter;

/** VOSI availability and capabilities. */
@Path("")
public final class VosiResource {

    static final String XML = "text/xml";

    private final BooleanSupplier database;
    private final CapabilitiesWriter capabilities;
    private final Instant upSince;

    /** @param database whether the database answers right now */
    public VosiResource(BooleanSupplier database, CapabilitiesWriter capabilities, Instant upSince) {
        this.database = database;
        this.capabilities = capabilities;
        this.upSince = upSince;
    }

    @GET
    @Path("availability")
    @Produces({XML, "application/xml"})
    public StreamingOutput availability(@Context HttpServletRequest request) {
        boolean up = database.getAsBoolean();
        String note = up ? "the service is accepting requests" : "the database is not answering";
        String client = request == null ? null : request.getRemoteAddr();
        return out -> Xml.write(() -> AvailabilityWriter.write(out, up, upSince, note, client));
    }

    /** DALI examples (XHTML with RDFa): a few ADQL queries that run as they are, over TAP_SCHEMA. */
    @GET
    @Path("examples")
    @Produces({"application/xhtml+xml", "text/html"})
    public Response examples() {
        return Response.ok(getClass().getResourceAsStream("/org/felicette/tap/examples.xhtml"),
                "application/xhtml+xml;charset=UTF-8").build();
    }

    @GET
    @Path("capabilities")
    @Produces({XML, "application/xml"})
    public StreamingOutput capabilities(@Context UriInfo uri) {
        String base = uri.getBaseUri().toString();
        String root = base.endsWith("/") ? base : base + "/";
        return out -> Xml.write(() -> capabilities.write(out, root));
    }
}

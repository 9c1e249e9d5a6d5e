package org.felicette.api.loads;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamWriter;
import org.felicette.FelicetteException;
import org.felicette.api.http.Bodies;
import org.felicette.api.http.Cursors;
import org.felicette.api.http.Xml;
import org.felicette.api.jobs.UwsDocuments;
import org.felicette.auth.Caller;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.tapschema.Keyset;
import org.felicette.uploads.UploadItems;
import org.felicette.uploads.Uploads;
import org.felicette.tapschema.TableDefinition;
import org.felicette.vosi.TableDocuments;
import org.felicette.vosi.VosiXml;

/**
 * Temporary tables for TAP UPLOAD: {@code POST /uploads} with {@code UPLOAD=name,URI} (DALI/TAP
 * 1.1; {@code param:} parts of a {@code multipart/form-data} request, or http(s) URLs), answering
 * 201 with each table's physical name for the TAP service to substitute; {@code GET /uploads},
 * {@code GET /uploads/{id}} (JSON, or a VOSI table with {@code Accept: text/xml}) and
 * {@code DELETE /uploads/{id}}.
 */
@Path("/uploads")
public final class UploadsResource {

    private final Uploads uploads;

    public UploadsResource(Uploads uploads) {
        this.uploads = uploads;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response multipart(InputStream body, @Context HttpHeaders headers, @Context Caller caller) throws IOException {
        caller.requireIdentity("upload a table");
        try (MultipartForm form = MultipartForm.read(body, headers, uploads)) {
            return answer(caller, form.fields(), form.parts());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response form(MultivaluedMap<String, String> form, @Context Caller caller) throws IOException {
        caller.requireIdentity("upload a table");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        form.forEach((k, v) -> fields.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        return answer(caller, fields, Map.of());
    }

    private Response answer(Caller caller, Map<String, List<String>> fields, Map<String, Uploads.Part> parts)
            throws IOException {
        List<UploadItems.Item> items = UploadItems.parse(fields.getOrDefault("upload", List.of()));
        List<String> expires = fields.getOrDefault("expires", List.of());
        List<Uploads.Result> made = uploads.upload(caller, items, parts, expires.isEmpty() ? null : expires.get(0),
                descriptions(fields, parts));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uploads", made.stream().map(r -> json(r.upload(), r.reused())).toList());
        return Response.status(201).entity(out).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * What the request says of each upload beyond its file: {@code NAME.table}, a VOSI table
     * document (as {@code PUT /tables} takes) describing its columns in file order, as a field or a
     * part; and {@code NAME.nullIfInvalid=COLUMN} (repeatable), as a load takes it.
     */
    static Map<String, Uploads.Description> descriptions(Map<String, List<String>> fields,
            Map<String, Uploads.Part> parts) throws IOException {
        Map<String, String> documents = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> lenient = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> f : fields.entrySet()) {
            String key = f.getKey();
            if (key.endsWith(".table") && !f.getValue().isEmpty()) {
                documents.put(key.substring(0, key.length() - ".table".length()), f.getValue().get(f.getValue().size() - 1));
            } else if (key.endsWith(".nullifinvalid")) {
                lenient.computeIfAbsent(key.substring(0, key.length() - ".nullifinvalid".length()),
                        k -> new java.util.LinkedHashSet<>()).addAll(f.getValue());
            }
        }
        for (Map.Entry<String, Uploads.Part> p : parts.entrySet()) {
            String key = p.getKey().toLowerCase(Locale.ROOT);
            if (key.endsWith(".table")) {
                try (InputStream in = java.nio.file.Files.newInputStream(p.getValue().file())) {
                    documents.put(key.substring(0, key.length() - ".table".length()),
                            Bodies.utf8(in, MultipartForm.MAX_FIELD, "the description " + p.getKey()));
                }
            }
        }
        Map<String, Uploads.Description> out = new LinkedHashMap<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(documents.keySet());
        names.addAll(lenient.keySet());
        for (String name : names) {
            TableDefinition table = null;
            if (documents.containsKey(name)) {
                try {
                    table = TableDocuments.vosiTable(documents.get(name));
                } catch (FelicetteException e) {
                    throw new FelicetteException(e.kind(), e.code(), name + ".table: " + e.getMessage(), e.details());
                }
            }
            out.put(name, new Uploads.Description(table, lenient.getOrDefault(name, java.util.Set.of())));
        }
        return out;
    }

    /**
     * The caller's live uploads, newest first, a page at a time: at most {@code limit} (1000 when
     * not given), and {@code next}, the URL of the next page (also a {@code Link: rel="next"}).
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @Context Caller caller, @Context UriInfo uri) {
        int size = Cursors.limit(limit);
        Keyset.Page<UploadTables.Upload> page = uploads.tables().page(caller, Cursors.read(cursor), size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uploads", page.items().stream().map(u -> json(u, false)).toList());
        Response.ResponseBuilder answer = Response.ok().type(MediaType.APPLICATION_JSON_TYPE);
        if (page.next() != null) {
            java.net.URI next = uri.getRequestUriBuilder().replaceQueryParam("cursor", Cursors.write(page.next()))
                    .replaceQueryParam("limit", size).build();
            out.put("next", next.toString());
            answer.link(next, "next");
        }
        return answer.entity(out).build();
    }

    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_XML, MediaType.APPLICATION_XML})
    public Response one(@PathParam("id") String id, @Context HttpHeaders headers, @Context Caller caller) {
        UploadTables.Upload upload = uploads.tables().find(caller, id);
        boolean xml = headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.getSubtype().equals("xml"))
                && headers.getAcceptableMediaTypes().stream().noneMatch(t -> t.getSubtype().equals("json"));
        if (xml) {
            return Response.ok(vosiTable(upload), MediaType.TEXT_XML_TYPE).build();
        }
        return Response.ok(json(upload, false), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Keeps an upload longer: {@code expires} in seconds from now or as an ISO 8601 time, within the limit. */
    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> extend(@PathParam("id") String id, MultivaluedMap<String, String> form,
            @Context Caller caller) {
        caller.requireIdentity("keep an upload longer");
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((k, v) -> fields.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? null : v.get(0)));
        return json(uploads.extend(caller, id, fields.get("expires")), false);
    }

    @DELETE
    @Path("{id}")
    public Response drop(@PathParam("id") String id, @Context Caller caller) {
        caller.requireIdentity("drop an upload");
        uploads.tables().drop(caller, id);
        return Response.noContent().build();
    }

    /** A field the file gave, put only when it gave it. */
    private static void given(Map<String, Object> into, String key, String value) {
        if (value != null && !value.isBlank()) {
            into.put(key, value);
        }
    }

    static Map<String, Object> json(UploadTables.Upload u, boolean reused) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("name", u.name());
        m.put("tap_upload", "TAP_UPLOAD." + u.name());
        m.put("table", u.table());
        m.put("expires", UwsDocuments.time(u.expires()));
        m.put("rows", u.rows());
        m.put("bytes", u.bytes());
        m.put("reused", reused);
        given(m, "description", u.description());
        if (u.sourceUrl() != null) {
            m.put("source_url", u.sourceUrl());
        }
        m.put("columns", u.columns().stream().map(c -> {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("physical_name", c.physical());
            col.put("datatype", c.datatype());
            if (c.arraysize() != null) {
                col.put("arraysize", c.arraysize());
            }
            if (c.xtype() != null) {
                col.put("xtype", c.xtype());
            }
            given(col, "unit", c.unit());
            given(col, "ucd", c.ucd());
            given(col, "description", c.description());
            return col;
        }).toList());
        return m;
    }

    /** The upload as a VOSI table, named as a query names it (TAP_UPLOAD.name). */
    private static StreamingOutput vosiTable(UploadTables.Upload u) {
        return out -> Xml.write(() -> {
            XMLStreamWriter w = VosiXml.open(out);
            w.writeStartElement("vosi", "table", VosiXml.VOSI_TABLES);
            w.writeNamespace("vosi", VosiXml.VOSI_TABLES);
            w.writeNamespace("vs", VosiXml.VS);
            w.writeNamespace("xsi", VosiXml.XSI);
            w.writeAttribute("type", "output");
            element(w, "name", "TAP_UPLOAD." + u.name());
            element(w, "description", (u.description() == null ? "uploaded table" : u.description()) + " ("
                    + u.rows() + " rows, until " + UwsDocuments.time(u.expires()) + ")");
            for (UploadTables.Column c : u.columns()) {
                w.writeStartElement("column");
                element(w, "name", c.name().matches("[A-Za-z][A-Za-z0-9_]*") ? c.name()
                        : "\"" + c.name().replace("\"", "\"\"") + "\"");
                if (c.description() != null && !c.description().isBlank()) {
                    element(w, "description", c.description());
                }
                if (c.unit() != null && !c.unit().isBlank()) {
                    element(w, "unit", c.unit());
                }
                if (c.ucd() != null && !c.ucd().isBlank()) {
                    element(w, "ucd", c.ucd());
                }
                w.writeStartElement("dataType");
                w.writeAttribute("xsi", VosiXml.XSI, "type", "vs:VOTableType");
                if (c.arraysize() != null) {
                    w.writeAttribute("arraysize", c.arraysize());
                }
                if (c.xtype() != null) {
                    w.writeAttribute("extendedType", c.xtype());
                }
                w.writeCharacters(c.datatype());
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        });
    }

    private static void element(XMLStreamWriter w, String name, String text) throws javax.xml.stream.XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}

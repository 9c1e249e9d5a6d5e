package org.felicette.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.db.DatabaseException;
import org.felicette.ingest.ResultFormat;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: every failure, ours or Jersey's, leaves in the single error shape
 * of DESIGN.md §5 — a text/plain message line by default (what YouCat clients print), JSON when
 * the client prefers it. Internal detail (SQL, stack traces) goes to the log only, under the
 * request id that the response also carries.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private final Provider<ContainerRequest> request;

    @Inject
    public ErrorMapper(Provider<ContainerRequest> request) {
        this.request = request;
    }

    /** The largest unread body read to its end before an error is answered. */
    static final int DRAIN_MAX = 64 * 1024;

    /**
     * Reads what is left of a small body that was refused before it was read (a bad parameter),
     * so that the connection stays open: one closed with its body unread can already have been
     * taken again by the client's pool for its next request, which then fails without an answer.
     * A larger body is left, and its connection closed, as the server does.
     *
     * @return whether a body may be left unread (the answer then says the connection closes)
     */
    private static boolean drainSmallBody(ContainerRequest req) {
        String length = req.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            long declared = length == null ? 0 : Long.parseLong(length.strip());
            if (declared > 0 && declared <= DRAIN_MAX && req.hasEntity()) {
                req.getEntityStream().readNBytes(DRAIN_MAX + 1); // up to its end, as it is no larger
                return false;
            }
            return declared > DRAIN_MAX || length == null && req.getHeaderString("Transfer-Encoding") != null;
        } catch (IOException | RuntimeException e) {
            // a body already read and closed, or a connection already gone: nothing to keep
            return true;
        }
    }

    /** What the client is told. */
    record Problem(int status, String error, String message, Map<String, Object> details, Map<String, String> headers) {
        Problem(int status, String error, String message) {
            this(status, error, message, Map.of(), Map.of());
        }
    }

    @Override
    public Response toResponse(Throwable exception) {
        ContainerRequest req = request.get();
        String requestId = RequestIdFilter.idOf(req);
        Problem problem = problemOf(exception, req, requestId);
        if (problem.status() >= 500) {
            LOG.error("request {} {} {} failed", requestId, req.getMethod(), req.getRequestUri().getPath(), exception);
        } else {
            LOG.debug("request {} answered {}: {}", requestId, problem.status(), problem.message(), exception);
        }
        boolean unread = drainSmallBody(req);
        Response.ResponseBuilder response = Response.status(problem.status());
        if (unread) {
            // told, a client does not send its next request on a connection the server is about to close
            response.header("Connection", "close");
        }
        problem.headers().forEach(response::header);
        response.header(RequestIdFilter.HEADER, requestId);
        if (isTap(req.getPath(true))) {
            // TAP 1.1 §4.4: a query's error is a VOTable with QUERY_STATUS ERROR
            return response.type("application/x-votable+xml").entity(ResultFormat.errorVotable(problem.message()))
                    .build();
        }
        if (prefersJson(req)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", problem.status());
            body.put("error", problem.error());
            body.put("message", problem.message());
            if (!problem.details().isEmpty()) {
                body.put("details", problem.details());
            }
            body.put("request_id", requestId);
            return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
        }
        return response.type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(problem.message() + "\n").build();
    }

    /** Whether a request path is one of TAP's query endpoints, whose errors are VOTables. */
    static boolean isTap(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("sync") || p.equals("async") || p.startsWith("async/");
    }

    private Problem problemOf(Throwable e, ContainerRequest req, String requestId) {
        String path = "/" + req.getPath(true);
        if (e instanceof FelicetteException f) {
            Map<String, String> headers = f.kind() == Kind.UNAUTHENTICATED
                    ? Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"felicette\"") : Map.of();
            return new Problem(f.kind().status(), f.code(), f.getMessage(), f.details(), headers);
        }
        if (e instanceof NotFoundException) {
            return new Problem(404, "not_found", "nothing here: " + path);
        }
        if (e instanceof NotAllowedException n) {
            String allowed = String.join(", ", n.getResponse().getAllowedMethods());
            return new Problem(405, "method_not_allowed",
                    "method " + req.getMethod() + " is not allowed on " + path + "; allowed: " + allowed,
                    Map.of("allowed", List.copyOf(n.getResponse().getAllowedMethods())),
                    Map.of(HttpHeaders.ALLOW, allowed));
        }
        if (e instanceof NotSupportedException) {
            List<String> accepted = mediaTypesOf(req, true);
            String sent = req.getMediaType() == null ? "no content type" : "content type " + req.getMediaType();
            return new Problem(415, "unsupported_media_type",
                    req.getMethod() + " " + path + " does not accept " + sent
                            + (accepted.isEmpty() ? "" : "; send one of: " + String.join(", ", accepted)),
                    Map.of("accepted", accepted), Map.of());
        }
        if (e instanceof NotAcceptableException) {
            List<String> produced = mediaTypesOf(req, false);
            return new Problem(406, "not_acceptable",
                    req.getMethod() + " " + path + " cannot answer in any type the Accept header lists"
                            + (produced.isEmpty() ? "" : "; it answers " + String.join(", ", produced)),
                    Map.of("available", produced), Map.of());
        }
        if (e instanceof NotAuthorizedException) {
            return new Problem(401, "unauthenticated", "authentication is required", Map.of(),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"felicette\""));
        }
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Problem(400, "malformed_json", "the JSON body is not valid" + where + ": " + jsonProblem(j));
        }
        if (e instanceof ConstraintViolationException v) {
            String violations = v.getConstraintViolations().stream()
                    .map(ErrorMapper::describe).sorted().collect(Collectors.joining("; "));
            return new Problem(400, "bad_input", "the request is not valid: " + violations);
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            Response.StatusType status = w.getResponse().getStatusInfo();
            return new Problem(status.getStatusCode(), "http_" + status.getStatusCode(),
                    status.getReasonPhrase() + ": " + req.getMethod() + " " + path);
        }
        if (isDatabaseDown(e)) {
            return new Problem(503, "unavailable", "the database is not available; try again later (request "
                    + requestId + ")");
        }
        return new Problem(500, "internal_error", "internal error; the service log has the details under request id "
                + requestId);
    }

    /**
     * What is wrong with a JSON body, in the client's terms: a mapping mismatch names the field and
     * the kind of value it takes, never the Java type behind it.
     */
    static String jsonProblem(JsonProcessingException e) {
        if (!(e instanceof MismatchedInputException m)) {
            return e.getOriginalMessage();
        }
        String field = m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return (field.isEmpty() ? "the body" : "'" + field + "'") + " must be " + jsonKind(m.getTargetType());
    }

    private static String jsonKind(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String describe(ConstraintViolation<?> violation) {
        String property = violation.getPropertyPath().toString();
        int dot = property.lastIndexOf('.');
        return (dot >= 0 ? property.substring(dot + 1) : property) + " " + violation.getMessage();
    }

    /** The types the matched resource consumes (or produces) for the request's method. */
    private static List<String> mediaTypesOf(ContainerRequest req, boolean consumed) {
        ExtendedUriInfo info = req.getUriInfo();
        return info.getMatchedRuntimeResources().stream()
                .flatMap(r -> r.getResourceMethods().stream())
                .filter(m -> m.getHttpMethod().equalsIgnoreCase(req.getMethod()))
                .map(m -> consumed ? m.getConsumedTypes() : m.getProducedTypes())
                .flatMap(List::stream)
                .map(MediaType::toString)
                .distinct()
                .toList();
    }

    static boolean isDatabaseDown(Throwable e) {
        return DatabaseException.isUnavailable(e);
    }

    /** JSON when the client ranks a JSON type above text/plain; text/plain otherwise. */
    private static boolean prefersJson(ContainerRequest req) {
        for (MediaType type : req.getAcceptableMediaTypes()) {
            if (type.isWildcardType()) {
                return false;
            }
            if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
                return true;
            }
            if (type.getType().equals("text") && (type.getSubtype().equals("plain") || type.isWildcardSubtype())) {
                return false;
            }
        }
        return false;
    }
}

package org.felicette.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before Jersey sees the request (an ambiguous path such as
 * {@code /a//b}, {@code %2e%2e} or {@code %2f}, a malformed request): the message as text/plain with
 * an {@code X-Request-Id}, as {@link ErrorMapper} answers, instead of Jetty's HTML page. Jetty hands
 * these requests over without their headers, so there is no Accept to offer JSON by.
 */
public final class ServerErrorHandler extends ErrorHandler {

    /** Every method gets the message: PUT and DELETE are as much the API as GET and POST. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(RequestIdFilter.HEADER, RequestIdFilter.newId());
        response.write(true, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }
}

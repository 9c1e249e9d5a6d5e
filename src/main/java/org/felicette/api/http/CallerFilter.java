package org.felicette.api.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import org.felicette.auth.Authenticator;
import org.felicette.auth.Caller;
import org.felicette.auth.Credentials;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.process.internal.RequestScoped;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Resolves the caller of every request with the configured authenticator, before matching, so
 * that a bad token is a 401 on every path. Resources receive it as {@code @Context Caller}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class CallerFilter implements ContainerRequestFilter {

    static final String PROPERTY = "felicette.caller";

    private final Authenticator authenticator;

    @Context
    private HttpServletRequest servletRequest;

    public CallerFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Credentials credentials = new Credentials(
                request.getHeaderString(HttpHeaders.AUTHORIZATION),
                servletRequest.getRemoteAddr(),
                request::getHeaderString);
        request.setProperty(PROPERTY, authenticator.authenticate(credentials));
    }

    /** Makes {@code @Context Caller} injectable into resource methods. */
    public static final class Binder extends AbstractBinder {
        @Override
        protected void configure() {
            bindFactory(CallerSupplier.class).to(Caller.class).proxy(false).in(RequestScoped.class);
        }
    }

    static final class CallerSupplier implements java.util.function.Supplier<Caller> {
        private final Provider<ContainerRequest> request;

        @Inject
        CallerSupplier(Provider<ContainerRequest> request) {
            this.request = request;
        }

        @Override
        public Caller get() {
            Object caller = request.get().getProperty(PROPERTY);
            return caller instanceof Caller c ? c : Caller.ANONYMOUS;
        }
    }
}

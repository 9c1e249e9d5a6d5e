package org.felicette.auth;

/** Turns what a request carries into a caller; anonymous when it carries nothing. */
public interface Authenticator {

    /**
     * @throws org.felicette.FelicetteException of kind UNAUTHENTICATED when the request carries
     *     credentials that are not valid (a wrong token is never treated as anonymous)
     */
    Caller authenticate(Credentials credentials);
}

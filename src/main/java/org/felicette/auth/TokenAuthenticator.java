package org.felicette.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;

/**
 * Bearer tokens from the configuration. Only SHA-256 hashes of the tokens are configured, so the
 * configuration file does not hold usable secrets.
 */
public final class TokenAuthenticator implements Authenticator {

    private static final String BEARER = "bearer ";

    private final Map<String, Caller> byHash = new HashMap<>();

    public TokenAuthenticator(List<AuthConfig.Token> tokens, AdminRule admins) {
        for (AuthConfig.Token token : tokens) {
            String hash = token.sha256().toLowerCase(Locale.ROOT);
            if (byHash.put(hash, admins.caller(token.user(), token.groupSet())) != null) {
                throw new IllegalArgumentException("two configured tokens have the same hash " + hash);
            }
        }
    }

    @Override
    public Caller authenticate(Credentials credentials) {
        String header = credentials.authorization();
        if (header == null || header.isBlank()) {
            return Caller.ANONYMOUS;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw FelicetteException.unauthenticated("unsupported Authorization scheme: use 'Bearer <token>'");
        }
        String token = header.substring(BEARER.length()).trim();
        Caller caller = byHash.get(sha256(token));
        if (caller == null) {
            throw FelicetteException.unauthenticated("the bearer token is not valid");
        }
        return caller;
    }

    /** Lower-case hex SHA-256 of a token, the form the configuration stores. */
    public static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package org.felicette.auth;

import java.util.function.Function;

/**
 * What a request carries that may identify its sender, independent of the HTTP framework.
 *
 * @param authorization the Authorization header, or null
 * @param remoteAddress the address of the peer of the TCP connection
 * @param header any request header by name (null when absent)
 */
public record Credentials(String authorization, String remoteAddress, Function<String, String> header) {
}

package org.felicette.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Trusts the identity headers set by an authenticating proxy (Gafaelfawr, oauth2-proxy), but only
 * on connections from the configured proxy addresses: anyone else could set the same headers.
 */
public final class GatewayAuthenticator implements Authenticator {

    private final Set<InetAddress> trustedProxies;
    private final String userHeader;
    private final String groupsHeader;
    private final AdminRule admins;

    public GatewayAuthenticator(Collection<String> trustedProxies, String userHeader, String groupsHeader,
            AdminRule admins) {
        this.trustedProxies = trustedProxies.stream().map(GatewayAuthenticator::parseAddress)
                .collect(Collectors.toUnmodifiableSet());
        this.userHeader = userHeader;
        this.groupsHeader = groupsHeader;
        this.admins = admins;
    }

    @Override
    public Caller authenticate(Credentials credentials) {
        if (!isTrusted(credentials.remoteAddress())) {
            return Caller.ANONYMOUS;
        }
        String user = credentials.header().apply(userHeader);
        if (user == null || user.isBlank()) {
            return Caller.ANONYMOUS;
        }
        String groupList = credentials.header().apply(groupsHeader);
        Set<String> groups = groupList == null ? Set.of()
                : Arrays.stream(groupList.split(",")).map(String::trim).filter(g -> !g.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        return admins.caller(user.trim(), groups);
    }

    private boolean isTrusted(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        try {
            // Only literal addresses reach here (the connection's peer), so no name lookup happens.
            return trustedProxies.contains(InetAddress.getByName(remoteAddress));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static InetAddress parseAddress(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("auth.trustedProxies: not an address: " + address, e);
        }
    }
}

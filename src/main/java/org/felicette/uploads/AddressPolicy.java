package org.felicette.uploads;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which addresses a URL upload may be fetched from: globally reachable unicast only. Every range
 * of IANA's IPv4 and IPv6 Special-Purpose Address Registries that is not globally reachable is
 * refused (loopback and private networks only where the configuration allows them); IPv6 outside
 * 2000::/3 is not unicast on the Internet; 6to4 and Teredo addresses are judged by the IPv4
 * addresses they carry. A host written as an IPv4 address in any form but four decimal parts
 * (octal or hexadecimal octets, fewer parts, a single number) is refused rather than read one of
 * the ways different software reads it. Pure: nothing here resolves a name or makes a connection.
 */
public final class AddressPolicy {

    /** A range of addresses, with what it is. */
    private record Range(byte[] prefix, int bits, String what) {

        /** A range written as a literal prefix and its length (never looked up). */
        static Range of(String cidr, String what) {
            int slash = cidr.indexOf('/');
            try {
                return new Range(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)), what);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e); // literals only: never looked up
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final String LOOPBACK = "an address of this machine";
    private static final String PRIVATE = "a private or link-local address";

    /** IANA's IPv4 Special-Purpose Address Registry, the ranges not globally reachable. */
    private static final List<Range> V4 = List.of(
            Range.of("0.0.0.0/8", "an address of 'this network'"),
            Range.of("127.0.0.0/8", LOOPBACK),
            Range.of("10.0.0.0/8", PRIVATE),
            Range.of("172.16.0.0/12", PRIVATE),
            Range.of("192.168.0.0/16", PRIVATE),
            Range.of("169.254.0.0/16", PRIVATE),
            Range.of("100.64.0.0/10", PRIVATE + " (shared address space)"),
            Range.of("192.0.0.0/24", "an address of IETF protocol assignments"),
            Range.of("192.0.2.0/24", "a documentation address"),
            Range.of("198.51.100.0/24", "a documentation address"),
            Range.of("203.0.113.0/24", "a documentation address"),
            Range.of("192.88.99.0/24", "a deprecated 6to4 relay address"),
            Range.of("198.18.0.0/15", "a benchmarking address"),
            Range.of("224.0.0.0/4", "a multicast address"),
            Range.of("240.0.0.0/4", "a reserved address (or the broadcast address)"));

    /** IANA's IPv6 Special-Purpose Address Registry, within 2000::/3, the ranges not globally reachable. */
    private static final List<Range> V6_GLOBALLY_REACHABLE = List.of(
            Range.of("2001:1::1/128", "PCP anycast"),
            Range.of("2001:1::2/128", "TURN anycast"),
            Range.of("2001:1::3/128", "DNS-SD service registration anycast"),
            Range.of("2001:3::/32", "AMT"),
            Range.of("2001:4:112::/48", "AS112-v6"),
            Range.of("2001:20::/28", "ORCHIDv2"),
            Range.of("2001:30::/28", "DRIP"));
    private static final Range TEREDO = Range.of("2001::/32", "Teredo");
    private static final Range SIX_TO_FOUR = Range.of("2002::/16", "6to4");
    private static final List<Range> V6 = List.of(
            Range.of("2001::/23", "an address of IETF protocol assignments"),
            Range.of("2001:db8::/32", "a documentation address"),
            Range.of("3fff::/20", "a documentation address"),
            Range.of("5f00::/16", "a segment-routing address"));
    private static final Range GLOBAL_UNICAST = Range.of("2000::/3", "global unicast");
    private static final Range UNIQUE_LOCAL = Range.of("fc00::/7", PRIVATE);
    private static final Range LINK_LOCAL = Range.of("fe80::/10", PRIVATE);
    private static final Range SITE_LOCAL = Range.of("fec0::/10", PRIVATE + " (deprecated site-local)");

    /** What a numeric-looking host is: dotted parts of digits, or of hexadecimal with 0x. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private final boolean allowLoopback;
    private final boolean allowPrivateNetworks;

    public AddressPolicy(boolean allowLoopback, boolean allowPrivateNetworks) {
        this.allowLoopback = allowLoopback;
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /**
     * Why a URL's host, as written, is refused before any lookup, or null: an IPv4 address in a
     * form other software may read otherwise, or an IPv6 literal that names an IPv4 address.
     */
    public String textualRefusal(String host) {
        String h = host.strip();
        if (h.startsWith("[")) {
            String literal = h.substring(1, h.length() - 1).toLowerCase(Locale.ROOT);
            if (literal.contains(".")) {
                return "an IPv6 address written with an embedded IPv4 address (IPv4-mapped or -compatible)";
            }
            return null;
        }
        if (NUMERIC_HOST.matcher(h).matches()) {
            if (!DOTTED_QUAD.matcher(h).matches()
                    || java.util.Arrays.stream(h.split("\\.")).anyMatch(p -> Integer.parseInt(p) > 255)) {
                return "an IPv4 address in an ambiguous form (octal or hexadecimal parts, fewer than four parts, or a "
                        + "part over 255); write it as four decimal numbers";
            }
        }
        return null;
    }

    /**
     * Why an address a host resolved to is refused, or null for a globally reachable unicast
     * address. An IPv6 literal that Java hands back as an IPv4 address was an IPv4-mapped one.
     */
    public String refusal(String writtenHost, InetAddress address) {
        if (writtenHost.strip().startsWith("[") && address instanceof Inet4Address) {
            return "an IPv4-mapped IPv6 address";
        }
        return refusal(address);
    }

    /** Why a resolved address is refused, or null for a globally reachable unicast address. */
    public String refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress()) { // 0.0.0.0 and :: reach this machine
            return allowLoopback ? null : LOOPBACK;
        }
        if (address instanceof Inet4Address) {
            return v4(b, true);
        }
        if (!(address instanceof Inet6Address)) {
            return "not an IP address";
        }
        if (address.isLoopbackAddress()) { // ::1
            return allowLoopback ? null : LOOPBACK;
        }
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return "an IPv4-mapped IPv6 address";
        }
        if (isZero(b, 0, 12)) {
            return "an unspecified or IPv4-compatible IPv6 address";
        }
        if (UNIQUE_LOCAL.contains(b) || LINK_LOCAL.contains(b) || SITE_LOCAL.contains(b)) {
            return allowPrivateNetworks ? null : PRIVATE;
        }
        if (!GLOBAL_UNICAST.contains(b)) {
            return (b[0] & 0xff) == 0xff ? "a multicast address"
                    : "not a global unicast IPv6 address (outside 2000::/3, e.g. NAT64 64:ff9b::/96)";
        }
        if (SIX_TO_FOUR.contains(b)) {
            String embedded = v4(new byte[] {b[2], b[3], b[4], b[5]}, false);
            return embedded == null ? null : "a 6to4 address of " + ipv4(b, 2, false) + ", " + embedded;
        }
        if (TEREDO.contains(b)) {
            String server = v4(new byte[] {b[4], b[5], b[6], b[7]}, false);
            String client = v4(new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]}, false);
            if (server != null) {
                return "a Teredo address whose server is " + ipv4(b, 4, false) + ", " + server;
            }
            return client == null ? null : "a Teredo address whose client is " + ipv4(b, 12, true) + ", " + client;
        }
        for (Range r : V6_GLOBALLY_REACHABLE) {
            if (r.contains(b)) {
                return null;
            }
        }
        for (Range r : V6) {
            if (r.contains(b)) {
                return r.what();
            }
        }
        return null;
    }

    /** @param direct whether it is the address itself (the allowances hold), not one carried in IPv6 */
    private String v4(byte[] b, boolean direct) {
        for (Range r : V4) {
            if (r.contains(b)) {
                if (r.what().equals(LOOPBACK)) {
                    return allowLoopback && direct ? null : LOOPBACK;
                }
                if (r.what().startsWith(PRIVATE)) {
                    return allowPrivateNetworks && direct ? null : r.what();
                }
                return r.what();
            }
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String ipv4(byte[] b, int at, boolean inverted) {
        StringBuilder out = new StringBuilder();
        for (int i = at; i < at + 4; i++) {
            out.append(i == at ? "" : ".").append((inverted ? ~b[i] : b[i]) & 0xff);
        }
        return out.toString();
    }
}

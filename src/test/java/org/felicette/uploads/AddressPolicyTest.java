package org.felicette.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address classifier as a unit: every address here is a literal, read without a lookup, and
 * nothing is ever connected to.
 */
class AddressPolicyTest {

    static final AddressPolicy STRICT = new AddressPolicy(false, false);
    static final AddressPolicy LOCAL = new AddressPolicy(true, true);

    static InetAddress literal(String text) throws UnknownHostException {
        assertThat(text).matches("[0-9a-fA-F:.]+"); // a literal: InetAddress reads it without any lookup
        return InetAddress.getByName(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "10.1.2.3", "100.64.0.1", "100.127.255.254", "127.0.0.1",
        "127.255.255.254", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.0.9", "192.0.2.7",
        "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.1", "203.0.113.9", "224.0.0.1",
        "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "::", "::1", "::127.0.0.1", "::8.8.8.8", "64:ff9b::7f00:1", "64:ff9b::808:808", "64:ff9b:1::1", "100::1",
        "2001:db8::1", "2001:2::1", "2001:10::1", "2002:7f00:1::", "2002:a00:1::", "2002:c0a8:101::1",
        "2001:0:7f00:1::", "2001:0:808:808::80f7:fefe", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1",
        "ff02::1", "ff0e::1", "3fff::1", "5f00::1", "4000::1", "e000::1"})
    void specialPurposeAddressesAreRefused(String address) throws UnknownHostException {
        assertThat(STRICT.refusal(literal(address))).as(address).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.32.0.1",
        "192.0.1.1", "192.0.3.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
        "2001:4860:4860::8888", "2606:4700::1111", "2a00:1450::1", "2001:1::1", "2001:3::1", "2001:20::1",
        "2002:808:808::1", "2001:0:808:808::f7f7:f7f7"})
    void globallyReachableUnicastIsAllowed(String address) throws UnknownHostException {
        assertThat(STRICT.refusal(literal(address))).as(address).isNull();
    }

    @Test
    void theAllowancesOpenOnlyTheAddressesThemselves() throws UnknownHostException {
        assertThat(LOCAL.refusal(literal("127.0.0.1"))).isNull();
        assertThat(LOCAL.refusal(literal("::1"))).isNull();
        assertThat(LOCAL.refusal(literal("192.168.1.1"))).isNull();
        assertThat(LOCAL.refusal(literal("fd00::1"))).isNull();
        // what an embedding carries does not reach this machine's own loopback or network
        assertThat(LOCAL.refusal(literal("2002:7f00:1::"))).contains("6to4").contains("127.0.0.1");
        assertThat(LOCAL.refusal(literal("2001:0:7f00:1::"))).contains("Teredo");
        assertThat(LOCAL.refusal(literal("::127.0.0.1"))).contains("IPv4-compatible");
        assertThat(LOCAL.refusal(literal("64:ff9b::7f00:1"))).contains("NAT64");
        assertThat(LOCAL.refusal(literal("198.18.0.1"))).contains("benchmarking");
    }

    @Test
    void anIpv4MappedLiteralIsRefusedThoughJavaReadsItAsIpv4() throws UnknownHostException {
        InetAddress mapped = literal("::ffff:7f00:1");
        assertThat(LOCAL.refusal("[::ffff:7f00:1]", mapped)).contains("IPv4-mapped");
        assertThat(STRICT.refusal("[::ffff:808:808]", literal("::ffff:808:808"))).contains("IPv4-mapped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "127.1", "127.0.1", "10.1",
        "017.0.0.1", "1.2.3.256", "1.2.3.4.", "0.0.0.0.0", "[::127.0.0.1]", "[::ffff:127.0.0.1]", "08.8.8.8"})
    void ambiguousOrEmbeddedFormsAreRefusedAsWritten(String host) {
        assertThat(STRICT.textualRefusal(host)).as(host).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "0.0.0.0", "example.org", "data.example.org", "[2001:db8::1]", "[::1]",
        "1e100.net", "123.example", "x1.2.3.4"})
    void plainFormsAreLeftToTheAddressCheck(String host) {
        assertThat(STRICT.textualRefusal(host)).as(host).isNull();
    }
}

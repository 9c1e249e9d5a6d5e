package org.felicette.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a service instance among those sharing the database: its host, its process and a
 * random part ({@code host-pid-random}), so that a restart is another instance, and an instance
 * can tell that one of its own machine is gone.
 */
public record InstanceName(String host, long pid, String random) {

    private static final Pattern FORM = Pattern.compile("(.*)-([0-9]{1,10})-([0-9a-f]{8})");
    private static final int MAX = 128;

    /** This process's name, with a new random part. */
    public static String ofThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String name = host + "-" + ProcessHandle.current().pid() + "-" + Jobs.newId().substring(0, 8);
        return name.length() > MAX ? name.substring(name.length() - MAX) : name;
    }

    /** The parts of a name, or null for one not of this form. */
    public static InstanceName parse(String name) {
        Matcher m = name == null ? null : FORM.matcher(name);
        return m != null && m.matches() ? new InstanceName(m.group(1), Long.parseLong(m.group(2)), m.group(3)) : null;
    }
}

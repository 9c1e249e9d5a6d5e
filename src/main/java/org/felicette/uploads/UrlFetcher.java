package org.felicette.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import org.felicette.FelicetteException;
import org.felicette.ingest.Spool;

/**
 * Fetches an uploaded table from its URL, safely: http and https only; every host (the first, and
 * each redirect's, followed by hand and checked again) must resolve only to public addresses
 * unless the configuration allows loopback or private ones; connect and read timeouts; the body
 * capped as it streams. Each failure says which URL and why.
 */
public final class UrlFetcher {

    /** What a fetch got: the body in a file (null when not modified), and the server's version marks. */
    public record Fetched(Path file, String contentType, String etag, String lastModified, boolean notModified) {
    }

    private final UploadsConfig config;
    private final AddressPolicy policy;

    public UrlFetcher(UploadsConfig config) {
        this.config = config;
        this.policy = new AddressPolicy(config.allowLoopback(), config.allowPrivateNetworks());
    }

    /**
     * @param ifNoneMatch, ifModifiedSince the version marks of a copy the caller has (null: none)
     */
    public Fetched fetch(String name, URI url, Path into, long maxBytes, String ifNoneMatch, String ifModifiedSince) {
        URI current = url;
        for (int hop = 0; ; hop++) {
            check(name, current);
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) current.toURL().openConnection();
            } catch (IOException | IllegalArgumentException e) {
                throw bad(name, "cannot open " + current + " (" + e.getMessage() + ")");
            }
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout((int) config.connectTimeout().toMillis());
            c.setReadTimeout((int) config.readTimeout().toMillis());
            c.setRequestProperty("Accept", "application/x-votable+xml, text/csv, text/tab-separated-values, "
                    + "application/fits, text/x-ecsv, */*;q=0.5");
            if (ifNoneMatch != null) {
                c.setRequestProperty("If-None-Match", ifNoneMatch);
            }
            if (ifModifiedSince != null) {
                c.setRequestProperty("If-Modified-Since", ifModifiedSince);
            }
            try {
                int status = c.getResponseCode();
                if (status >= 300 && status < 400 && status != 304) {
                    String location = c.getHeaderField("Location");
                    c.disconnect();
                    if (location == null) {
                        throw bad(name, "HTTP " + status + " from " + current + " without a Location");
                    }
                    if (hop >= config.maxRedirects()) {
                        throw bad(name, "more than " + config.maxRedirects() + " redirects from " + url);
                    }
                    current = current.resolve(location.strip());
                    continue;
                }
                if (status == 304) {
                    c.disconnect();
                    return new Fetched(null, null, ifNoneMatch, ifModifiedSince, true);
                }
                if (status < 200 || status >= 300) {
                    c.disconnect();
                    throw bad(name, "HTTP " + status + " from " + current);
                }
                try (InputStream body = c.getInputStream()) {
                    Spool.write(body, into, new Spool.Limit(maxBytes, "upload_too_large", "the upload limit of "
                            + maxBytes + " bytes"), "UPLOAD " + name + ": ", "fetching " + current);
                }
                return new Fetched(into, c.getContentType(), c.getHeaderField("ETag"), c.getHeaderField("Last-Modified"),
                        false);
            } catch (SocketTimeoutException e) {
                throw bad(name, "timed out after " + config.readTimeout().toSeconds() + " s fetching " + current);
            } catch (IOException e) {
                throw bad(name, "cannot fetch " + current + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The URL's scheme, and every address its host resolves to. */
    void check(String name, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(name, "the URL " + url + " is not http or https");
        }
        if (url.getHost() == null) {
            throw bad(name, "the URL " + url + " names no host");
        }
        String written = policy.textualRefusal(url.getHost());
        if (written != null) {
            throw FelicetteException.badInput("refused_address", "UPLOAD " + name + ": the host of " + url + " is "
                    + written + "; the service does not fetch from there");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw bad(name, "the host of " + url + " is not known");
        }
        for (InetAddress a : addresses) {
            String refused = policy.refusal(url.getHost(), a);
            if (refused != null) {
                throw FelicetteException.badInput("refused_address", "UPLOAD " + name + ": " + url
                        + " resolves to " + a.getHostAddress() + ", " + refused + "; the service does not fetch from there");
            }
        }
    }

    private static FelicetteException bad(String name, String message) {
        return FelicetteException.badInput("fetch_failed", "UPLOAD " + name + ": " + message);
    }
}

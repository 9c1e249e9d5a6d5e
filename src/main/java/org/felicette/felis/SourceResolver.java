package org.felicette.felis;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the document a {@code resources} URI names: a file relative to the referring document.
 * When confined to a directory (documents sent over HTTP), a URI that leaves it is refused, so a
 * request cannot read arbitrary files of the server.
 */
public final class SourceResolver {

    private final Path root;
    private final long maxBytes;

    /**
     * @param root null to allow any file (the command line), or the directory every resolved file
     *     must be in
     */
    public SourceResolver(Path root, long maxBytes) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /** The directory documents without a location (sent over HTTP) resolve against. */
    public Path root() {
        return root;
    }

    /** @throws IllegalArgumentException with the reason, when the URI cannot be followed */
    public Source resolve(Source referrer, String uri) {
        String path = uri;
        if (uri.contains(":")) {
            try {
                URI parsed = new URI(uri);
                if (!"file".equalsIgnoreCase(parsed.getScheme())) {
                    throw new IllegalArgumentException("resource URI '" + uri
                            + "' is not a file; only files beside the referring schema can be referenced");
                }
                path = parsed.getPath();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("resource URI '" + uri + "' is not a valid URI");
            }
        }
        Path base = referrer.location() != null ? referrer.location().toAbsolutePath().getParent() : root;
        if (base == null) {
            throw new IllegalArgumentException("resource '" + uri + "' cannot be resolved: the document has no location");
        }
        Path file = base.resolve(path).normalize();
        if (root != null && !file.startsWith(root)) {
            throw new IllegalArgumentException("resource '" + uri + "' is outside the schema directory");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("resource '" + uri + "' not found (looked for " + display(file) + ")");
            }
            if (Files.size(file) > maxBytes) {
                throw new IllegalArgumentException("resource '" + uri + "' is larger than " + maxBytes + " bytes");
            }
            return new Source(display(file), file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("resource '" + uri + "' cannot be read: " + e.getMessage());
        }
    }

    private String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }
}

package io.certfleet.nodeaccess;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A private key for one SSH connection, in memory only: its bytes (OpenSSH or PEM text) are wiped on {@link
 * #close()}, and {@link #toString()} names where it came from, never what it is.
 */
public final class SshPrivateKey implements AutoCloseable {
    private final String source;
    private final byte[] bytes;
    private boolean closed;

    /**
     * @param source where it came from, for messages ({@code Secret tkg-ns/prod-ssh})
     * @param bytes the key file's content; owned (and wiped) by this object from now on
     */
    public SshPrivateKey(String source, byte[] bytes) {
        this.source = Objects.requireNonNull(source, "source");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    public String source() {
        return source;
    }

    /** The key file's content; valid until {@link #close()}. */
    public synchronized InputStream open() {
        if (closed) {
            throw new IllegalStateException("the key from " + source + " was already wiped");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public synchronized void close() {
        Arrays.fill(bytes, (byte) 0);
        closed = true;
    }

    @Override
    public String toString() {
        return "SshPrivateKey[" + source + "]";
    }
}

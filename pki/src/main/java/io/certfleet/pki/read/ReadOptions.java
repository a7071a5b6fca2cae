package io.certfleet.pki.read;

import java.util.Objects;

/**
 * How sources are read. Defaults are applied here once: an empty PKCS#12 password (what {@code openssl
 * pkcs12 -passout pass:} writes) and a 1 MiB cap per file (certificate files are a few KiB; anything
 * bigger is a log, a database or an attack, and is reported instead of read).
 *
 * @param pkcs12Password password for PKCS#12 files; empty by default
 * @param maxFileBytes files larger than this are reported as errors, never read
 */
public record ReadOptions(String pkcs12Password, long maxFileBytes) {
    public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

    public ReadOptions {
        Objects.requireNonNull(pkcs12Password, "pkcs12Password");
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions("", DEFAULT_MAX_FILE_BYTES);
    }

    public ReadOptions withPkcs12Password(String password) {
        return new ReadOptions(password, maxFileBytes);
    }

    public ReadOptions withMaxFileBytes(long bytes) {
        return new ReadOptions(pkcs12Password, bytes);
    }

    @Override
    public String toString() {
        // never print the password
        return "ReadOptions[pkcs12Password=" + (pkcs12Password.isEmpty() ? "<empty>" : "<set>") + ", maxFileBytes="
                + maxFileBytes + "]";
    }
}

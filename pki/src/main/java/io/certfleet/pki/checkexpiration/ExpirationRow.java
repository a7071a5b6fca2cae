package io.certfleet.pki.checkexpiration;

import java.util.Objects;

/** One row of a {@code check-expiration} table: a certificate, a missing file, or an unreadable one. */
public sealed interface ExpirationRow {
    /** The kubeadm name of the place. */
    String name();

    /** The file. */
    String path();

    /** A certificate was read there (one row per bundle member). */
    record Present(CertificateEntry entry) implements ExpirationRow {
        public Present {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public String name() {
            return entry.name().orElse(entry.path());
        }

        @Override
        public String path() {
            return entry.path();
        }
    }

    /** The file does not exist: kubeadm's {@code !MISSING!} row. */
    record Missing(String name, String path) implements ExpirationRow {
        public Missing {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
        }
    }

    /** The file exists but holds no readable certificate; the reason is also in the report's errors. */
    record Unreadable(String name, String path, String reason) implements ExpirationRow {
        public Unreadable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package io.certfleet.pki.renew;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where renewal writes: each call replaces one file atomically, so a crash leaves it either old or new,
 * never torn. {@link DurableFileStore} is the real one; tests wrap it to inject failures.
 */
public interface PkiFileStore {

    /** Whether the content is a private key (or holds one, as a kubeconfig does). */
    enum Secrecy {
        /** Certificates, CSRs: an existing file keeps its mode; new files get 0644. */
        PUBLIC,
        /** Keys, kubeconfigs: an existing file keeps its mode narrowed to the owner; new files get 0600. */
        SECRET
    }

    /**
     * Replaces {@code target} (or creates it) with {@code content}: owner, group and permissions of the
     * file it replaces are kept (see {@link Secrecy}); a symlink is followed and its target replaced.
     */
    void write(Path target, byte[] content, Secrecy secrecy) throws IOException;
}

package io.certfleet.pki.renew;

import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.renew.PkiFileStore.Secrecy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificate a kubeadm name has on disk now, and how its replacement is written in the same
 * layout: a certificate/key pair ({@code apiserver.crt} + {@code apiserver.key}, a chain file keeping
 * its extra certificates) or a kubeconfig (embedded credentials re-embedded in place, file references
 * rewritten where they point). Renewal, CSR generation and the installation of externally signed
 * certificates all read and write through here, so the three cannot drift apart.
 *
 * @param certificate the first certificate of the file (the leaf)
 * @param keyFormat the PEM form of the existing key, which a new key is written in
 * @param kubeconfig the parsed kubeconfig for {@code *.conf}
 * @param layout which files a replacement writes
 * @param liveKey reads the private key in use now (only when it is needed)
 */
record LiveCertificate(
        X509Certificate certificate,
        PrivateKeyFormat keyFormat,
        Optional<KubeconfigDocument> kubeconfig,
        WriteLayout layout,
        KeyReader liveKey) {

    /** Certificate and key files are a few KiB; anything bigger is not one. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** One file to replace. {@link #toString()} never shows the content (it may be a key). */
    record FileWrite(Path path, byte[] content, Secrecy secrecy) {
        @Override
        public String toString() {
            return "FileWrite[" + path + ", " + secrecy + "]";
        }
    }

    /** The files that replace the live certificate by {@code chain} (leaf first) and its key. */
    @FunctionalInterface
    interface WriteLayout {
        List<FileWrite> writes(List<X509Certificate> chain, String keyPem) throws CertificateProblem;
    }

    /** Reads the private key that goes with the live certificate. */
    @FunctionalInterface
    interface KeyReader {
        PrivateKey read() throws CertificateProblem;
    }

    /** The writes of a renewed certificate: a chain file keeps the issuers it carried. */
    List<FileWrite> writes(X509Certificate renewed, PrivateKey key) throws CertificateProblem {
        return layout.writes(List.of(renewed), keyFormat.encode(key));
    }

    /**
     * The writes of an externally signed certificate: a chain that came with it replaces the one in
     * the file; a bare leaf keeps the issuers the file carried.
     */
    List<FileWrite> writes(List<X509Certificate> chain, PrivateKey key) throws CertificateProblem {
        return layout.writes(chain, keyFormat.encode(key));
    }

    // ---------------------------------------------------------------- names

    /**
     * The certificate of a kubeadm name that renewal may replace, or the reason it is not one
     * ({@link CertificateProblem#skip}: kubelet-owned certificates, CAs; fail: unknown).
     */
    static KubeadmCertificate renewable(String name) throws CertificateProblem {
        if (name.equals(KubeadmCertificate.KUBELET_CONF.kubeadmName())) {
            throw CertificateProblem.skip("left to the kubelet: it rotates its own client certificate"
                    + " (kubelet-client-current.pem, rotateCertificates); kubeadm does not renew kubelet.conf either");
        }
        if (name.equals(KubeadmCertificate.KUBELET_CLIENT.kubeadmName())) {
            throw CertificateProblem.skip("rotated by the kubelet itself (rotateCertificates)");
        }
        if (name.equals(KubeadmCertificate.KUBELET_SERVING.kubeadmName())) {
            throw CertificateProblem.skip("the kubelet's serving certificate is self-signed by the kubelet or"
                    + " requested by it through a kubernetes.io/kubelet-serving CSR; not renewed here");
        }
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            if (ca.kubeadmName().equals(name)) {
                throw CertificateProblem.skip("certificate authorities are never renewed by renew;"
                        + " rotating a CA is a separate procedure");
            }
        }
        return KubeadmCertificate.byKubeadmName(name)
                .orElseThrow(() -> CertificateProblem.fail("unknown certificate name '" + name + "'"));
    }

    // ---------------------------------------------------------------- the staging (CSR) directory

    /**
     * Where {@code --csr-only} puts the new key: {@code <base>.key}, or for kubeconfigs {@code <name>}
     * (kubeadm {@code generate-csr}'s partial kubeconfig holding it).
     */
    static Path stagedKey(KubeadmCertificate cert, Path csrDir) {
        return cert.isKubeconfig() ? csrDir.resolve(cert.path()) : csrDir.resolve(base(cert) + ".key");
    }

    /** Where {@code --csr-only} puts the request: {@code <base>.csr} or {@code <name>.csr}. */
    static Path stagedCsr(KubeadmCertificate cert, Path csrDir) {
        return cert.isKubeconfig() ? csrDir.resolve(cert.path() + ".csr") : csrDir.resolve(base(cert) + ".csr");
    }

    private static String base(KubeadmCertificate cert) {
        return cert.path().substring(0, cert.path().length() - ".crt".length());
    }

    /** The private key staged by {@code --csr-only}, from the key file or the partial kubeconfig. */
    static PrivateKey readStagedKey(KubeadmCertificate cert, Path stagedKey) throws CertificateProblem {
        byte[] content = readFile(stagedKey);
        if (cert.isKubeconfig()) {
            KubeconfigDocument partial =
                    KubeconfigDocument.parse(stagedKey, new String(content, StandardCharsets.UTF_8));
            if (!(partial.key() instanceof KubeconfigDocument.Source.Embedded embedded)) {
                throw CertificateProblem.fail(stagedKey + " holds no client-key-data; it is not a staged key");
            }
            content = KubeconfigDocument.decode(embedded);
        }
        return privateKey(stagedKey, content);
    }

    // ---------------------------------------------------------------- reading what is on disk

    static LiveCertificate read(KubeadmCertificate cert, Path file) throws CertificateProblem {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw CertificateProblem.skip("not present: " + file);
        }
        return cert.isKubeconfig() ? readKubeconfig(file) : readPair(cert, file);
    }

    private static LiveCertificate readPair(KubeadmCertificate cert, Path file) throws CertificateProblem {
        byte[] content = readFile(file);
        List<X509Certificate> chain = certificates(file, content);
        Path keyFile = file.resolveSibling(Path.of(cert.keyPath().orElseThrow()).getFileName());
        PrivateKeyFormat format =
                Files.exists(keyFile) ? PrivateKeyFormat.detect(readFile(keyFile)) : PrivateKeyFormat.TRADITIONAL;
        WriteLayout layout = (newChain, keyPem) -> {
            List<X509Certificate> written = new ArrayList<>(newChain);
            if (newChain.size() == 1) {
                // a file that also carried its issuers keeps carrying them
                written.addAll(chain.subList(1, chain.size()));
            }
            return List.of(
                    new FileWrite(keyFile, keyPem.getBytes(StandardCharsets.US_ASCII), Secrecy.SECRET),
                    new FileWrite(file, certificatesPem(written), Secrecy.PUBLIC));
        };
        return new LiveCertificate(
                chain.get(0), format, Optional.empty(), layout, () -> privateKey(keyFile, readFile(keyFile)));
    }

    private static LiveCertificate readKubeconfig(Path file) throws CertificateProblem {
        KubeconfigDocument document =
                KubeconfigDocument.parse(file, new String(readFile(file), StandardCharsets.UTF_8));
        KubeconfigDocument.Source certificateSource = document.certificate();
        KubeconfigDocument.Source keySource = document.key();
        X509Certificate certificate = switch (certificateSource) {
            case KubeconfigDocument.Source.Embedded embedded ->
                certificates(file, KubeconfigDocument.decode(embedded)).get(0);
            case KubeconfigDocument.Source.File referenced ->
                certificates(referenced.path(), readFile(referenced.path())).get(0);
            case KubeconfigDocument.Source.Absent absent ->
                throw CertificateProblem.skip("user '" + document.userName() + "' of " + file
                        + " authenticates without a client certificate (token or exec plugin); nothing to renew");
        };
        PrivateKeyFormat format = switch (keySource) {
            case KubeconfigDocument.Source.Embedded embedded ->
                PrivateKeyFormat.detect(KubeconfigDocument.decode(embedded));
            case KubeconfigDocument.Source.File referenced -> PrivateKeyFormat.detect(readFile(referenced.path()));
            case KubeconfigDocument.Source.Absent absent ->
                throw CertificateProblem.fail("user '" + document.userName() + "' of " + file
                        + " has a client certificate but no client key");
        };
        WriteLayout layout = (chain, keyPem) -> {
            String certificatePem = Pem.encodeCertificates(chain);
            List<FileWrite> writes = new ArrayList<>();
            if (certificateSource instanceof KubeconfigDocument.Source.File cf
                    && keySource instanceof KubeconfigDocument.Source.File kf
                    && cf.path().equals(kf.path())) {
                // one file with both, like kubelet-client-current.pem
                writes.add(new FileWrite(
                        cf.path(), (certificatePem + keyPem).getBytes(StandardCharsets.US_ASCII), Secrecy.SECRET));
            } else {
                if (keySource instanceof KubeconfigDocument.Source.File kf) {
                    writes.add(new FileWrite(kf.path(), keyPem.getBytes(StandardCharsets.US_ASCII), Secrecy.SECRET));
                }
                if (certificateSource instanceof KubeconfigDocument.Source.File cf) {
                    writes.add(new FileWrite(
                            cf.path(), certificatePem.getBytes(StandardCharsets.US_ASCII), Secrecy.PUBLIC));
                }
            }
            boolean embeds = certificateSource instanceof KubeconfigDocument.Source.Embedded
                    || keySource instanceof KubeconfigDocument.Source.Embedded;
            if (embeds) {
                String text = document.withEmbedded(Optional.of(certificatePem), Optional.of(keyPem));
                writes.add(new FileWrite(file, text.getBytes(StandardCharsets.UTF_8), Secrecy.SECRET));
            }
            return List.copyOf(writes);
        };
        KeyReader liveKey = () -> switch (keySource) {
            case KubeconfigDocument.Source.Embedded embedded -> privateKey(file, KubeconfigDocument.decode(embedded));
            case KubeconfigDocument.Source.File referenced ->
                privateKey(referenced.path(), readFile(referenced.path()));
            case KubeconfigDocument.Source.Absent absent ->
                throw CertificateProblem.fail("user '" + document.userName() + "' of " + file + " has no client key");
        };
        return new LiveCertificate(certificate, format, Optional.of(document), layout, liveKey);
    }

    // ---------------------------------------------------------------- files

    static List<X509Certificate> certificates(Path file, byte[] content) throws CertificateProblem {
        try {
            return Pem.decodeCertificates(new String(content, StandardCharsets.US_ASCII));
        } catch (IssuanceException e) {
            throw CertificateProblem.fail(file + ": " + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path file, byte[] content) throws CertificateProblem {
        try {
            return Pem.decodePrivateKey(new String(content, StandardCharsets.US_ASCII));
        } catch (IssuanceException e) {
            // the message names PEM block types, never content
            throw CertificateProblem.fail(file + ": " + e.getMessage());
        }
    }

    static byte[] readFile(Path file) throws CertificateProblem {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw CertificateProblem.fail(
                        file + " is larger than " + MAX_FILE_BYTES + " bytes; not a certificate file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CertificateProblem.transientFailure("cannot read " + file + " (" + describe(e) + ")");
        }
    }

    static byte[] certificatesPem(List<X509Certificate> chain) {
        return Pem.encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII);
    }

    static String describe(Exception e) {
        // I/O messages name paths; other exception messages are not shown (they are not ours to vet)
        return e instanceof IOException && e.getMessage() != null
                ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName();
    }
}

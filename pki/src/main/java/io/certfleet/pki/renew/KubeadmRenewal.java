package io.certfleet.pki.renew;

import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.renew.PkiFileStore.Secrecy;
import io.certfleet.pki.renew.RenewalException.Reason;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * {@code kubeadm certs renew} without kubeadm: for each requested certificate, the subject (CN, O),
 * SANs, key usage and extended key usage of the certificate on disk, a new key of the same algorithm
 * and size, one year (configurable) from now but never past the CA, signed by the on-disk CA of the
 * kubeadm table ({@code ca}, {@code etcd-ca}, {@code front-proxy-ca}). Kubeconfig client certificates
 * are re-embedded in place; file-referenced ones are rewritten where they are.
 *
 * <p>Safety: everything is prepared in memory first; only when at least one certificate is ready
 * is the whole configuration directory backed up, then the files are replaced one by one, each
 * atomically ({@link PkiFileStore}). A run that dies half-way leaves every file old or new; running
 * it again renews what is left (every certificate is re-read and re-issued, so the result is
 * consistent whatever the interrupted run had done).
 *
 * <p>Never renewed: CAs; certificates whose CA key is absent ("externally managed", skipped with the
 * reason, or given a CSR with {@code --csr-only}); {@code kubelet.conf} and the kubelet's own
 * certificates (the kubelet rotates them). A CA that has expired or is not yet valid is refused.
 *
 * <p>An instance may be shared between threads; two runs on the same directories at the same time
 * must not happen (the node agent's executors run one operation per node at a time).
 */
public final class KubeadmRenewal {

    /** kubeadm's {@code CertificateBackdate}: tolerance for peers whose clock is slightly behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    /** Certificate and key files are a few KiB; anything bigger is not one. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Clock clock;
    private final SecureRandom random;
    private final PkiFileStore files;
    private final ConfigDirectoryBackup backups;
    private final RenewalSigner signer = new RenewalSigner();

    public KubeadmRenewal(Clock clock) {
        this(clock, new SecureRandom(), new DurableFileStore());
    }

    public KubeadmRenewal(Clock clock, SecureRandom random, PkiFileStore files) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.files = Objects.requireNonNull(files, "files");
        this.backups = new ConfigDirectoryBackup(clock);
    }

    /**
     * Renews (or, with {@link RenewalRequest#isCsrOnly()}, writes CSRs for) the requested certificates.
     *
     * @throws RenewalException when the run cannot start (missing directories, a CSR directory on the
     *     live tree) or the backup cannot be taken; nothing has been written then
     */
    public RenewalReport renew(RenewalRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        requireDirectory(request.certDir(), "certificate directory");
        requireDirectory(request.configDir(), "configuration directory");
        if (request.isCsrOnly()) {
            return generateCsrs(request, request.csrDir().orElseThrow(), now);
        }
        Authorities authorities = new Authorities(request.certDir(), now);
        List<Object> steps = new ArrayList<>();
        for (String name : request.names()) {
            try {
                steps.add(prepare(name, request, authorities, now));
            } catch (CertificateProblem problem) {
                steps.add(problem.outcome(name));
            }
        }
        boolean anythingToWrite = steps.stream().anyMatch(Prepared.class::isInstance);
        Optional<Path> backup = Optional.empty();
        if (anythingToWrite) {
            Path location = request.backupDir().orElseGet(() -> backups.defaultLocation(request.configDir()));
            backup = Optional.of(backups.create(request.configDir(), request.certDir(), location)
                    .directory());
        }
        List<RenewalOutcome> outcomes = new ArrayList<>();
        for (Object step : steps) {
            outcomes.add(
                    step instanceof Prepared prepared ? write(prepared, backup.orElseThrow()) : (RenewalOutcome) step);
        }
        return new RenewalReport(now, outcomes, backup);
    }

    // ---------------------------------------------------------------- renewal

    /** A renewed certificate ready to be written. */
    private record Prepared(
            String name, Path path, Instant oldNotAfter, X509Certificate certificate, List<FileWrite> writes) {}

    /** One file to replace. {@link #toString()} never shows the content (it may be a key). */
    private record FileWrite(Path path, byte[] content, Secrecy secrecy) {
        @Override
        public String toString() {
            return "FileWrite[" + path + ", " + secrecy + "]";
        }
    }

    private Object prepare(String name, RenewalRequest request, Authorities authorities, Instant now)
            throws CertificateProblem {
        KubeadmCertificate cert = renewable(name);
        Path file = request.fileOf(cert);
        Current current = read(cert, file);
        CertifiedKey ca = authorities.signer(cert.authority());
        KeyPair keyPair = newKey(name, current.certificate());
        Instant notBefore =
                later(now.minus(BACKDATE), ca.certificate().getNotBefore().toInstant());
        // a leaf outliving its CA cannot be verified after the CA expires: stop where the CA stops
        Instant notAfter = earlier(
                now.plus(request.validity()), ca.certificate().getNotAfter().toInstant());
        X509Certificate renewed;
        try {
            renewed = signer.renew(
                    current.certificate(),
                    keyPair.getPublic(),
                    ca,
                    notBefore,
                    notAfter,
                    CertificateSpec.randomSerial());
        } catch (GeneralSecurityException | IOException e) {
            throw CertificateProblem.fail("cannot sign with " + cert.authority().kubeadmName() + " ("
                    + e.getClass().getSimpleName() + "); is "
                    + request.certDir().resolve(cert.authority().keyPath())
                    + " the key of "
                    + request.certDir().resolve(cert.authority().certificatePath()) + "?");
        }
        return new Prepared(
                name,
                file,
                current.certificate().getNotAfter().toInstant(),
                renewed,
                current.writes(renewed, keyPair.getPrivate()));
    }

    private RenewalOutcome write(Prepared prepared, Path backup) {
        for (FileWrite write : prepared.writes()) {
            try {
                files.write(write.path(), write.content(), write.secrecy());
            } catch (IOException | RuntimeException e) {
                return new RenewalOutcome.Failed(
                        prepared.name(),
                        "writing " + write.path() + " failed (" + describe(e) + "); the backup " + backup
                                + " holds the original, running renew again completes it",
                        true);
            }
        }
        return new RenewalOutcome.Renewed(
                prepared.name(),
                prepared.path(),
                prepared.oldNotAfter(),
                prepared.certificate().getNotAfter().toInstant(),
                RenewalSigner.sha256(prepared.certificate()));
    }

    // ---------------------------------------------------------------- CSRs

    private RenewalReport generateCsrs(RenewalRequest request, Path csrDir, Instant now) {
        refuseLiveDirectory(csrDir, request.certDir(), "certificate");
        refuseLiveDirectory(csrDir, request.configDir(), "configuration");
        List<RenewalOutcome> outcomes = new ArrayList<>();
        for (String name : request.names()) {
            try {
                outcomes.add(generateCsr(name, request, csrDir));
            } catch (CertificateProblem problem) {
                outcomes.add(problem.outcome(name));
            }
        }
        return new RenewalReport(now, outcomes, Optional.empty());
    }

    private RenewalOutcome generateCsr(String name, RenewalRequest request, Path csrDir) throws CertificateProblem {
        KubeadmCertificate cert = renewable(name);
        Path file = request.fileOf(cert);
        Current current = read(cert, file);
        KeyPair keyPair = newKey(name, current.certificate());
        String csrPem;
        try {
            PKCS10CertificationRequest csr =
                    signer.csr(current.certificate(), keyPair.getPublic(), keyPair.getPrivate());
            csrPem = pem("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw CertificateProblem.fail(
                    "cannot build the CSR (" + e.getClass().getSimpleName() + ")");
        }
        String keyPem = current.keyFormat().encode(keyPair.getPrivate());
        Path csrPath;
        Path keyPath;
        byte[] keyContent;
        if (cert.isKubeconfig()) {
            // kubeadm generate-csr: <name> is a kubeconfig holding the new key, <name>.csr the request
            keyPath = csrDir.resolve(cert.path());
            csrPath = csrDir.resolve(cert.path() + ".csr");
            keyContent =
                    current.kubeconfig().orElseThrow().partialWithKey(keyPem).getBytes(StandardCharsets.UTF_8);
        } else {
            String base = cert.path().substring(0, cert.path().length() - ".crt".length());
            keyPath = csrDir.resolve(base + ".key");
            csrPath = csrDir.resolve(base + ".csr");
            keyContent = keyPem.getBytes(StandardCharsets.US_ASCII);
        }
        Path written = keyPath;
        try {
            files.write(keyPath, keyContent, Secrecy.SECRET);
            written = csrPath;
            files.write(csrPath, csrPem.getBytes(StandardCharsets.US_ASCII), Secrecy.PUBLIC);
        } catch (IOException | RuntimeException e) {
            throw CertificateProblem.transientFailure("writing " + written + " failed (" + describe(e) + ")");
        }
        return new RenewalOutcome.CsrGenerated(name, file, csrPath, keyPath);
    }

    private static void refuseLiveDirectory(Path csrDir, Path live, String what) {
        if (real(csrDir).equals(real(live))) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "--csr-dir " + csrDir + " is the " + what + " directory; new keys would replace the live ones"
                            + " before the external CA has signed anything, choose another directory");
        }
    }

    // ---------------------------------------------------------------- reading what is on disk

    /** The certificate on disk and how its replacement is written. */
    private record Current(
            X509Certificate certificate,
            PrivateKeyFormat keyFormat,
            Optional<KubeconfigDocument> kubeconfig,
            WriteLayout layout) {

        List<FileWrite> writes(X509Certificate renewed, PrivateKey key) throws CertificateProblem {
            return layout.writes(renewed, keyFormat.encode(key));
        }
    }

    @FunctionalInterface
    private interface WriteLayout {
        List<FileWrite> writes(X509Certificate renewed, String keyPem) throws CertificateProblem;
    }

    private static KubeadmCertificate renewable(String name) throws CertificateProblem {
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

    private Current read(KubeadmCertificate cert, Path file) throws CertificateProblem {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw CertificateProblem.skip("not present: " + file);
        }
        return cert.isKubeconfig() ? readKubeconfig(file) : readPair(cert, file);
    }

    private Current readPair(KubeadmCertificate cert, Path file) throws CertificateProblem {
        byte[] content = readFile(file);
        List<X509Certificate> chain = certificates(file, content);
        Path keyFile = file.resolveSibling(Path.of(cert.keyPath().orElseThrow()).getFileName());
        PrivateKeyFormat format =
                Files.exists(keyFile) ? PrivateKeyFormat.detect(readFile(keyFile)) : PrivateKeyFormat.TRADITIONAL;
        return new Current(chain.get(0), format, Optional.empty(), (renewed, keyPem) -> {
            List<X509Certificate> newChain = new ArrayList<>();
            newChain.add(renewed);
            // a file that also carried its issuers keeps carrying them
            newChain.addAll(chain.subList(1, chain.size()));
            return List.of(
                    new FileWrite(keyFile, keyPem.getBytes(StandardCharsets.US_ASCII), Secrecy.SECRET),
                    new FileWrite(file, certificatesPem(newChain), Secrecy.PUBLIC));
        });
    }

    private Current readKubeconfig(Path file) throws CertificateProblem {
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
        return new Current(certificate, format, Optional.of(document), (renewed, keyPem) -> {
            String certificatePem = Pem.encodeCertificate(renewed);
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
        });
    }

    private static List<X509Certificate> certificates(Path file, byte[] content) throws CertificateProblem {
        try {
            return Pem.decodeCertificates(new String(content, StandardCharsets.US_ASCII));
        } catch (IssuanceException e) {
            throw CertificateProblem.fail(file + ": " + e.getMessage());
        }
    }

    private static byte[] readFile(Path file) throws CertificateProblem {
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

    private KeyPair newKey(String name, X509Certificate existing) throws CertificateProblem {
        try {
            return KeyShape.of(existing.getPublicKey()).generate(random);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw CertificateProblem.fail(
                    "cannot generate a key like the " + existing.getPublicKey().getAlgorithm() + " key of " + name);
        }
    }

    // ---------------------------------------------------------------- CAs

    /** The on-disk CAs, each read once per run, or the reason it cannot sign. */
    private static final class Authorities {
        private final Path certDir;
        private final Instant now;
        private final Map<CertificateAuthority, Object> loaded = new EnumMap<>(CertificateAuthority.class);

        Authorities(Path certDir, Instant now) {
            this.certDir = certDir;
            this.now = now;
        }

        CertifiedKey signer(CertificateAuthority ca) throws CertificateProblem {
            Object value = loaded.computeIfAbsent(ca, this::load);
            if (value instanceof CertificateProblem problem) {
                // stackless and immutable, so every certificate of this CA may get the same one
                throw problem;
            }
            return (CertifiedKey) value;
        }

        private Object load(CertificateAuthority ca) {
            Path certificateFile = certDir.resolve(ca.certificatePath());
            Path keyFile = certDir.resolve(ca.keyPath());
            try {
                if (!Files.exists(certificateFile)) {
                    return CertificateProblem.fail(
                            "the " + ca.kubeadmName() + " certificate " + certificateFile + " is missing");
                }
                if (!Files.exists(keyFile)) {
                    return CertificateProblem.skip(
                            "externally managed: the " + ca.kubeadmName() + " key " + keyFile
                                    + " is not on disk, so an external CA has to sign it (--csr-only writes a CSR and a new key)");
                }
                X509Certificate certificate =
                        certificates(certificateFile, readFile(certificateFile)).get(0);
                PrivateKey key;
                try {
                    key = Pem.decodePrivateKey(new String(readFile(keyFile), StandardCharsets.US_ASCII));
                } catch (IssuanceException e) {
                    return CertificateProblem.fail(keyFile + ": " + e.getMessage());
                }
                if (certificate.getBasicConstraints() < 0) {
                    return CertificateProblem.fail(
                            certificateFile + " is not a CA certificate (basic constraints CA:FALSE)");
                }
                Instant notAfter = certificate.getNotAfter().toInstant();
                Instant notBefore = certificate.getNotBefore().toInstant();
                if (!now.isBefore(notAfter)) {
                    return CertificateProblem.fail("refused: the " + ca.kubeadmName() + " CA expired at " + notAfter
                            + "; certfleet never signs with an expired CA, rotate the CA first");
                }
                if (now.isBefore(notBefore)) {
                    return CertificateProblem.fail("refused: the " + ca.kubeadmName() + " CA is not valid before "
                            + notBefore + " (clock skew?)");
                }
                return new CertifiedKey(certificate, key);
            } catch (CertificateProblem problem) {
                return problem;
            }
        }
    }

    // ---------------------------------------------------------------- small things

    private static void requireDirectory(Path directory, String what) {
        if (!Files.isDirectory(directory)) {
            throw new RenewalException(Reason.INVALID_INPUT, "the " + what + " " + directory + " does not exist");
        }
    }

    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static byte[] certificatesPem(List<X509Certificate> chain) {
        return Pem.encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String describe(Exception e) {
        // I/O messages name paths; other exception messages are not shown (they are not ours to vet)
        return e instanceof IOException && e.getMessage() != null
                ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName();
    }
}

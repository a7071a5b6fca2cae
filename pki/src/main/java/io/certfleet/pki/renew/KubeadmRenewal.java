package io.certfleet.pki.renew;

import static io.certfleet.pki.renew.LiveCertificate.certificates;
import static io.certfleet.pki.renew.LiveCertificate.describe;
import static io.certfleet.pki.renew.LiveCertificate.readFile;

import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.renew.LiveCertificate.FileWrite;
import io.certfleet.pki.renew.PkiFileStore.Secrecy;
import io.certfleet.pki.renew.RenewalException.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
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
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
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
 * <p>External CA mode (the CA key is not on the node): {@link RenewalRequest#csrOnly} writes a new
 * key and a CSR per certificate into a staging directory, the external CA signs the CSRs, and {@link
 * #install} puts the signed certificates in place with the staged keys, after checking that each
 * belongs to its staged key, was issued by the CA file on disk, is valid and keeps the live
 * certificate's identity.
 *
 * <p>{@link #issueClientCertificate} signs someone else's public key with the identity of {@code
 * admin.conf}'s client certificate, for a management cluster's kubeconfig Secret, so that the node's
 * private key never has to leave it.
 *
 * <p>Safety: everything is prepared in memory first; only when at least one certificate is ready
 * is the whole configuration directory backed up, then the files are replaced one by one, each
 * atomically ({@link PkiFileStore}). A run that dies half-way leaves every file old or new; running
 * it again renews (or installs) what is left.
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

    /** How far in the future an externally signed certificate may start: the signer's clock may be ahead. */
    static final Duration INSTALL_CLOCK_SKEW = Duration.ofMinutes(5);

    /** The kubeconfigs whose identity {@link #issueClientCertificate} lends: the cluster administrators. */
    public static final List<String> CLIENT_CERTIFICATE_KUBECONFIGS =
            List.of(KubeadmCertificate.ADMIN_CONF.kubeadmName(), KubeadmCertificate.SUPER_ADMIN_CONF.kubeadmName());

    /** Below this an RSA key is refused for a client certificate (kubeadm's own keys are 2048 bits or more). */
    static final int MIN_RSA_BITS = 2048;

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
        return writeAll(steps, request.configDir(), request.certDir(), request.backupDir(), now);
    }

    /**
     * Removes what {@code --csr-only} staged in {@code csrDir} and was never installed: each certificate's staged key
     * (or partial kubeconfig) and CSR, then the directory if nothing else is in it. For a renewal that was refused by
     * the external CA or given up: an unused private key should not stay on the node.
     *
     * @return the kubeadm names whose staged files were removed
     * @throws RenewalException when {@code csrDir} is the certificate or configuration directory (its "staged" keys
     *     would be the live ones), or a file cannot be deleted (the message names it)
     */
    public List<String> discardStaged(Path certDir, Path configDir, Path csrDir) {
        String consequence = "discarding would delete the live keys there";
        refuseLiveDirectory(csrDir, certDir, "certificate", consequence);
        refuseLiveDirectory(csrDir, configDir, "configuration", consequence);
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(csrDir, LinkOption.NOFOLLOW_LINKS)) {
            return removed;
        }
        for (KubeadmCertificate cert : KubeadmCertificate.values()) {
            if (cert.kubeadmName().startsWith("kubelet")) {
                continue; // never staged: the kubelet renews its own
            }
            boolean any = false;
            for (Path staged :
                    List.of(LiveCertificate.stagedKey(cert, csrDir), LiveCertificate.stagedCsr(cert, csrDir))) {
                try {
                    any |= Files.deleteIfExists(staged);
                } catch (IOException e) {
                    throw new RenewalException(
                            Reason.TRANSIENT, "cannot delete the staged " + staged + " (" + describe(e) + ")");
                }
            }
            if (any) {
                removed.add(cert.kubeadmName());
            }
        }
        // then the directories --csr-only made (etcd/), deepest first, where nothing else is left in them
        try (var tree = Files.walk(csrDir)) {
            for (Path directory : tree.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(java.util.Comparator.reverseOrder())
                    .toList()) {
                try (var left = Files.list(directory)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(directory);
                    }
                }
            }
        } catch (IOException e) {
            // the staged keys are gone; an empty directory that stays is harmless
        }
        return removed;
    }

    /**
     * Installs certificates an external CA signed for the CSRs {@code --csr-only} staged, each with
     * the key staged beside its CSR, in the layout of the live certificate (key and certificate files,
     * or the kubeconfig). Per certificate, in the request's order, the outcome is {@link
     * RenewalOutcome.Renewed} or {@link RenewalOutcome.Failed} (nothing written for it): no staged
     * key, a certificate for another key, not issued by the CA certificate on disk, not valid now, or
     * another CN, O or DNS/IP SAN set than the live certificate. A certificate that is already live is
     * reported renewed without writing anything, so running install again after an interruption is
     * harmless. The staged key and CSR of an installed certificate are deleted.
     *
     * @throws RenewalException when the run cannot start (missing directories, a staging directory on
     *     the live tree) or the backup cannot be taken; nothing has been written then
     */
    public RenewalReport install(InstallRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        requireDirectory(request.certDir(), "certificate directory");
        requireDirectory(request.configDir(), "configuration directory");
        // installing deletes the staged keys: staging on the live tree would delete the live ones
        String consequence = "installing deletes the staged keys from it, which are the live ones there";
        refuseLiveDirectory(request.csrDir(), request.certDir(), "certificate", consequence);
        refuseLiveDirectory(request.csrDir(), request.configDir(), "configuration", consequence);
        AuthorityCertificates authorities = new AuthorityCertificates(request.certDir());
        List<Object> steps = new ArrayList<>();
        for (Map.Entry<String, String> signed : request.signedCertificates().entrySet()) {
            String name = signed.getKey();
            try {
                steps.add(prepareInstall(name, signed.getValue(), request, authorities, now));
            } catch (CertificateProblem problem) {
                // asked to install this one: not doing so is a failure, whatever the reason
                steps.add(problem.failure(name));
            }
        }
        return writeAll(steps, request.configDir(), request.certDir(), request.backupDir(), now);
    }

    /**
     * A client certificate for the public key of {@code csrPem} with the identity of the kubeconfig's
     * current client certificate (subject CN and O, SANs, key usage and extended key usage, exactly as
     * {@link #renew} would issue it), valid from now (backdated five minutes) for {@code validity} but
     * never past the CA, signed by the CA on disk. Only the request's public key is used; its subject
     * and extensions are ignored, its self-signature must verify (proof of possession). Nothing is
     * written.
     *
     * @param kubeconfigName {@code admin.conf} or {@code super-admin.conf}
     * @throws RenewalException {@code INVALID_INPUT} for another name, a missing kubeconfig, a request
     *     that is not PKCS#10 PEM, does not verify or has an unsupported key; {@code POLICY} when the CA
     *     key is not on disk (externally managed) or the CA is expired or not yet valid; {@code
     *     TRANSIENT} when a file cannot be read
     */
    public IssuedClientCertificate issueClientCertificate(
            Path certDir, Path configDir, String kubeconfigName, String csrPem, Duration validity) {
        Objects.requireNonNull(kubeconfigName, "kubeconfigName");
        Objects.requireNonNull(validity, "validity");
        if (!CLIENT_CERTIFICATE_KUBECONFIGS.contains(kubeconfigName)) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "client certificates are issued only with the identity of "
                            + String.join(" or ", CLIENT_CERTIFICATE_KUBECONFIGS) + ", not '" + kubeconfigName
                            + "'");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new RenewalException(Reason.INVALID_INPUT, "validity must be positive, was " + validity);
        }
        requireDirectory(certDir, "certificate directory");
        requireDirectory(configDir, "configuration directory");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PublicKey publicKey = provenPublicKey(csrPem);
        KubeadmCertificate cert =
                KubeadmCertificate.byKubeadmName(kubeconfigName).orElseThrow();
        Path kubeconfig = configDir.resolve(cert.path());
        LiveCertificate live;
        try {
            live = LiveCertificate.read(cert, kubeconfig);
        } catch (CertificateProblem problem) {
            throw new RenewalException(
                    problem.retryHelps() ? Reason.TRANSIENT : Reason.INVALID_INPUT,
                    "cannot read the identity of " + kubeconfigName + ": " + problem.getMessage());
        }
        CertificateAuthority authority = cert.authority();
        Path caKey = certDir.resolve(authority.keyPath());
        if (!Files.exists(caKey) && Files.exists(certDir.resolve(authority.certificatePath()))) {
            throw new RenewalException(
                    Reason.POLICY,
                    "the " + authority.kubeadmName() + " CA is externally managed: its key " + caKey
                            + " is not on disk, so certfleet cannot sign a client certificate for " + kubeconfigName
                            + "; have the external CA sign the request");
        }
        CertifiedKey ca;
        try {
            ca = new Authorities(certDir, now).signer(authority);
        } catch (CertificateProblem problem) {
            throw new RenewalException(
                    problem.retryHelps() ? Reason.TRANSIENT : Reason.POLICY,
                    "cannot issue a client certificate for " + kubeconfigName + ": " + problem.getMessage());
        }
        Instant notBefore =
                later(now.minus(BACKDATE), ca.certificate().getNotBefore().toInstant());
        Instant notAfter =
                earlier(now.plus(validity), ca.certificate().getNotAfter().toInstant());
        try {
            X509Certificate issued = signer.renew(
                    live.certificate(), publicKey, ca, notBefore, notAfter, CertificateSpec.randomSerial());
            return new IssuedClientCertificate(kubeconfigName, kubeconfig, issued);
        } catch (GeneralSecurityException | IOException e) {
            throw new RenewalException(
                    Reason.POLICY,
                    "cannot sign with " + authority.kubeadmName() + " ("
                            + e.getClass().getSimpleName() + "); is " + caKey + " the key of "
                            + certDir.resolve(authority.certificatePath()) + "?");
        }
    }

    // ---------------------------------------------------------------- renewal

    /**
     * A certificate ready to be written (no writes: it is already live), then the staged files to
     * delete once it is.
     */
    private record Prepared(
            String name,
            Path path,
            Instant oldNotAfter,
            X509Certificate certificate,
            List<FileWrite> writes,
            List<Path> stagedFiles) {}

    private Object prepare(String name, RenewalRequest request, Authorities authorities, Instant now)
            throws CertificateProblem {
        KubeadmCertificate cert = LiveCertificate.renewable(name);
        Path file = request.fileOf(cert);
        LiveCertificate current = LiveCertificate.read(cert, file);
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
                current.writes(renewed, keyPair.getPrivate()),
                List.of());
    }

    /** Backs up (only if something is to be written), then writes each prepared certificate. */
    private RenewalReport writeAll(
            List<Object> steps, Path configDir, Path certDir, Optional<Path> backupDir, Instant now) {
        boolean anythingToWrite = steps.stream()
                .anyMatch(step ->
                        step instanceof Prepared prepared && !prepared.writes().isEmpty());
        Optional<Path> backup = Optional.empty();
        if (anythingToWrite) {
            Path location = backupDir.orElseGet(() -> backups.defaultLocation(configDir));
            backup = Optional.of(backups.create(configDir, certDir, location).directory());
        }
        List<RenewalOutcome> outcomes = new ArrayList<>();
        for (Object step : steps) {
            outcomes.add(step instanceof Prepared prepared ? write(prepared, backup) : (RenewalOutcome) step);
        }
        return new RenewalReport(now, outcomes, backup);
    }

    private RenewalOutcome write(Prepared prepared, Optional<Path> backup) {
        for (FileWrite write : prepared.writes()) {
            try {
                files.write(write.path(), write.content(), write.secrecy());
            } catch (IOException | RuntimeException e) {
                return new RenewalOutcome.Failed(
                        prepared.name(),
                        "writing " + write.path() + " failed (" + describe(e) + "); the backup "
                                + backup.map(Path::toString).orElse("(none)")
                                + " holds the original, running it again completes it",
                        true);
            }
        }
        for (Path staged : prepared.stagedFiles()) {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException | RuntimeException e) {
                return new RenewalOutcome.Failed(
                        prepared.name(),
                        "installed, but the staged " + staged + " could not be deleted (" + describe(e)
                                + "); it holds a private key: delete it, or run install again",
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
        String consequence = "new keys would replace the live ones before the external CA has signed anything";
        refuseLiveDirectory(csrDir, request.certDir(), "certificate", consequence);
        refuseLiveDirectory(csrDir, request.configDir(), "configuration", consequence);
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
        KubeadmCertificate cert = LiveCertificate.renewable(name);
        Path file = request.fileOf(cert);
        LiveCertificate current = LiveCertificate.read(cert, file);
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
        Path keyPath = LiveCertificate.stagedKey(cert, csrDir);
        Path csrPath = LiveCertificate.stagedCsr(cert, csrDir);
        byte[] keyContent = cert.isKubeconfig()
                // kubeadm generate-csr: <name> is a kubeconfig holding the new key, <name>.csr the request
                ? current.kubeconfig().orElseThrow().partialWithKey(keyPem).getBytes(StandardCharsets.UTF_8)
                : keyPem.getBytes(StandardCharsets.US_ASCII);
        Path written = keyPath;
        try {
            files.write(keyPath, keyContent, Secrecy.SECRET);
            written = csrPath;
            files.write(csrPath, csrPem.getBytes(StandardCharsets.US_ASCII), Secrecy.PUBLIC);
        } catch (IOException | RuntimeException e) {
            throw CertificateProblem.transientFailure("writing " + written + " failed (" + describe(e) + ")");
        }
        return new RenewalOutcome.CsrGenerated(
                name,
                file,
                csrPath,
                keyPath,
                csrPem,
                KubernetesKeyUsages.of(current.certificate(), keyPair.getPublic()));
    }

    private static void refuseLiveDirectory(Path csrDir, Path live, String what, String consequence) {
        if (real(csrDir).equals(real(live))) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "--csr-dir " + csrDir + " is the " + what + " directory; " + consequence
                            + ", choose another directory");
        }
    }

    // ---------------------------------------------------------------- installing externally signed certificates

    private Prepared prepareInstall(
            String name, String signedPem, InstallRequest request, AuthorityCertificates authorities, Instant now)
            throws CertificateProblem {
        KubeadmCertificate cert = LiveCertificate.renewable(name);
        Path file = liveFile(cert, request.certDir(), request.configDir());
        LiveCertificate live = LiveCertificate.read(cert, file);
        List<X509Certificate> chain;
        try {
            chain = Pem.decodeCertificates(signedPem);
        } catch (IssuanceException e) {
            throw CertificateProblem.fail("the signed certificate for " + name + " is not PEM: " + e.getMessage());
        }
        X509Certificate signed = chain.get(0);
        Instant oldNotAfter = live.certificate().getNotAfter().toInstant();
        Path stagedKey = LiveCertificate.stagedKey(cert, request.csrDir());
        List<Path> stagedFiles = List.of(stagedKey, LiveCertificate.stagedCsr(cert, request.csrDir()));
        boolean staged = Files.exists(stagedKey, LinkOption.NOFOLLOW_LINKS);

        if (RenewalSigner.sha256(live.certificate()).equals(RenewalSigner.sha256(signed))) {
            Optional<PrivateKey> stagedPrivate = staged ? readable(cert, stagedKey) : Optional.empty();
            if (stagedPrivate.isEmpty() || !belongsTo(stagedPrivate.get(), signed)) {
                // installed before (its staged key is gone or belongs to a newer request): nothing to do
                return new Prepared(name, file, oldNotAfter, signed, List.of(), List.of());
            }
            if (liveKeyBelongsTo(live, signed)) {
                // installed, but the run stopped before it removed the staged key
                return new Prepared(name, file, oldNotAfter, signed, List.of(), stagedFiles);
            }
            // the certificate was written but not (yet) its key: an interrupted install, complete it
        }
        if (!staged) {
            throw CertificateProblem.fail(
                    "no CSR staged for " + name + " in " + request.csrDir() + "; generate one first (--csr-only)");
        }
        PrivateKey key = LiveCertificate.readStagedKey(cert, stagedKey);
        List<String> violations = new ArrayList<>();
        if (!belongsTo(key, signed)) {
            violations.add("it is not for the key staged in " + stagedKey
                    + " (its public key differs; was it signed from another CSR?)");
        }
        violations.addAll(authorities.issuerProblems(cert.authority(), signed, now));
        Instant notBefore = signed.getNotBefore().toInstant();
        Instant notAfter = signed.getNotAfter().toInstant();
        if (notBefore.isAfter(now.plus(INSTALL_CLOCK_SKEW))) {
            violations.add("it is not valid before " + notBefore + " (now is " + now + ")");
        }
        if (!notAfter.isAfter(now)) {
            violations.add("it expired at " + notAfter);
        }
        violations.addAll(CertificateIdentity.differences(live.certificate(), signed));
        if (!violations.isEmpty()) {
            throw CertificateProblem.fail("the signed certificate for " + name + " is refused: "
                    + String.join("; ", violations) + "; nothing was written for it");
        }
        return new Prepared(name, file, oldNotAfter, signed, live.writes(chain, key), stagedFiles);
    }

    private boolean liveKeyBelongsTo(LiveCertificate live, X509Certificate signed) {
        try {
            return belongsTo(live.liveKey().read(), signed);
        } catch (CertificateProblem problem) {
            return false;
        }
    }

    private static Optional<PrivateKey> readable(KubeadmCertificate cert, Path stagedKey) {
        try {
            return Optional.of(LiveCertificate.readStagedKey(cert, stagedKey));
        } catch (CertificateProblem problem) {
            return Optional.empty();
        }
    }

    /** Whether {@code key} is the private half of the certificate's public key: it signs, the certificate verifies. */
    private boolean belongsTo(PrivateKey key, X509Certificate certificate) {
        try {
            String algorithm = RenewalSigner.signatureAlgorithm(key);
            byte[] challenge = new byte[32];
            random.nextBytes(challenge);
            Signature signing = Signature.getInstance(algorithm);
            signing.initSign(key);
            signing.update(challenge);
            byte[] signature = signing.sign();
            Signature verifying = Signature.getInstance(algorithm);
            verifying.initVerify(certificate.getPublicKey());
            verifying.update(challenge);
            return verifying.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key of another algorithm than the certificate's: not its key
            return false;
        }
    }

    private static Path liveFile(KubeadmCertificate cert, Path certDir, Path configDir) {
        return switch (cert.location()) {
            case CERT_DIR -> certDir.resolve(cert.path());
            case CONFIG_DIR -> configDir.resolve(cert.path());
            case KUBELET_DIR ->
                throw new IllegalArgumentException(cert.kubeadmName() + " lives in the kubelet's directory");
        };
    }

    // ---------------------------------------------------------------- client certificates

    /** The public key of a PKCS#10 request whose self-signature verifies. */
    private static PublicKey provenPublicKey(String csrPem) {
        if (csrPem == null || csrPem.isBlank()) {
            throw new RenewalException(Reason.INVALID_INPUT, "no certificate signing request given");
        }
        PKCS10CertificationRequest csr = null;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            for (Object block = parser.readObject(); block != null && csr == null; block = parser.readObject()) {
                if (block instanceof PKCS10CertificationRequest request) {
                    csr = request;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the parser's message may quote the input: its type only
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "the certificate signing request is not a readable PEM CERTIFICATE REQUEST ("
                            + e.getClass().getSimpleName() + ")");
        }
        if (csr == null) {
            throw new RenewalException(
                    Reason.INVALID_INPUT, "no PEM CERTIFICATE REQUEST block in the certificate signing request");
        }
        boolean signatureValid;
        try {
            signatureValid =
                    csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            signatureValid = false;
        }
        if (!signatureValid) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "the certificate signing request's signature does not verify with its own public key"
                            + " (no proof of possession of the private key)");
        }
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            KeyShape.of(key);
        } catch (IOException | IllegalArgumentException e) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "the certificate signing request has an unsupported key ("
                            + csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm() + ")");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "the certificate signing request has an RSA key of "
                            + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are required");
        }
        return key;
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
                PrivateKey key = LiveCertificate.privateKey(keyFile, readFile(keyFile));
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

    /** The on-disk CA certificates (keys not needed: an external CA signed), each read once per run. */
    private static final class AuthorityCertificates {
        private final Path certDir;
        private final Map<CertificateAuthority, Object> loaded = new EnumMap<>(CertificateAuthority.class);

        AuthorityCertificates(Path certDir) {
            this.certDir = certDir;
        }

        /** Why {@code signed} is not a certificate this CA issued and that verifies now; empty when it is. */
        List<String> issuerProblems(CertificateAuthority ca, X509Certificate signed, Instant now)
                throws CertificateProblem {
            Object value = loaded.computeIfAbsent(ca, this::load);
            if (value instanceof CertificateProblem problem) {
                throw problem;
            }
            X509Certificate authority = (X509Certificate) value;
            Path file = certDir.resolve(ca.certificatePath());
            List<String> problems = new ArrayList<>();
            if (!signed.getIssuerX500Principal().equals(authority.getSubjectX500Principal())) {
                problems.add("its issuer '" + signed.getIssuerX500Principal().getName() + "' is not the subject '"
                        + authority.getSubjectX500Principal().getName() + "' of the " + ca.kubeadmName() + " CA "
                        + file);
            }
            try {
                signed.verify(authority.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                problems.add("its signature does not verify with the public key of the " + ca.kubeadmName() + " CA "
                        + file + " (" + e.getClass().getSimpleName() + ")");
            }
            if (!now.isBefore(authority.getNotAfter().toInstant())) {
                problems.add("the " + ca.kubeadmName() + " CA " + file + " itself expired at "
                        + authority.getNotAfter().toInstant() + ", nothing it issued verifies");
            }
            return problems;
        }

        private Object load(CertificateAuthority ca) {
            Path file = certDir.resolve(ca.certificatePath());
            try {
                if (!Files.exists(file)) {
                    return CertificateProblem.fail("the " + ca.kubeadmName() + " certificate " + file
                            + " is missing; the signed certificate cannot be checked against it");
                }
                return certificates(file, readFile(file)).get(0);
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
}

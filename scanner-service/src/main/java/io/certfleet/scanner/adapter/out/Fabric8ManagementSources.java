package io.certfleet.scanner.adapter.out;

import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ClusterApiSecret;
import io.certfleet.pki.read.FoundCertificate;
import io.certfleet.pki.read.ReadResult;
import io.certfleet.scanner.application.ManagementSources;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.SourceReading;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link ManagementSources} with Fabric8. Private keys are filtered out before their Secret entries are even decoded;
 * the {@code <c>-ssh} Secret is never fetched; the {@code <c>-kubeconfig} credentials only ever make a client of the
 * workload cluster, closed after its CSRs are listed.
 */
@Singleton
final class Fabric8ManagementSources implements ManagementSources {
    private static final String TLS_TYPE = "kubernetes.io/tls";

    private final ManagementClients clients;
    private final CertificateReader reader;

    Fabric8ManagementSources(ManagementClients clients, CertificateReader reader) {
        this.clients = clients;
        this.reader = reader;
    }

    @Override
    public SourceReading secrets(Cluster cluster) {
        if (cluster.management().isEmpty()) {
            return SourceReading.nothing(ScanScope.SECRETS);
        }
        ManagementRef ref = cluster.management().get();
        String source = "management " + ref.managementCluster() + " namespace " + ref.namespace();
        try {
            KubernetesClient client = clients.client(ref.managementCluster());
            Map<String, Secret> secrets = new TreeMap<>();
            for (ClusterApiSecret kind : ClusterApiSecret.values()) {
                Secret secret = client.secrets()
                        .inNamespace(ref.namespace())
                        .withName(kind.secretName(ref.name()))
                        .get();
                if (secret != null) {
                    secrets.put(secret.getMetadata().getName(), secret);
                }
            }
            for (Secret secret : client.secrets()
                    .inNamespace(ref.namespace())
                    .withLabel(ClusterApiKinds.CLUSTER_NAME_LABEL, ref.name())
                    .list()
                    .getItems()) {
                if (TLS_TYPE.equals(secret.getType())) {
                    secrets.putIfAbsent(secret.getMetadata().getName(), secret);
                }
            }
            List<ObservedCertificate> certificates = new ArrayList<>();
            List<ScanError> errors = new ArrayList<>();
            for (Secret secret : secrets.values()) {
                readSecret(ref, secret, certificates, errors);
            }
            return SourceReading.read(ScanScope.SECRETS, certificates, errors);
        } catch (KubernetesClientException e) {
            return failure(ScanScope.SECRETS, source, "listing Secrets", e);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return SourceReading.failed(ScanScope.SECRETS, source, e.getMessage());
        }
    }

    private void readSecret(
            ManagementRef ref, Secret secret, List<ObservedCertificate> certificates, List<ScanError> errors) {
        String name = secret.getMetadata().getName();
        Optional<ClusterApiSecret> kind = ClusterApiSecret.of(name).filter(k -> name.equals(k.secretName(ref.name())));
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        for (Map.Entry<String, String> entry : new TreeMap<>(data).entrySet()) {
            String key = entry.getKey();
            if (privateKeyEntry(key)) {
                continue;
            }
            String location = "secret:" + ref.namespace() + "/" + name + "/" + key;
            byte[] value;
            try {
                value = Base64.getMimeDecoder().decode(entry.getValue() == null ? "" : entry.getValue());
            } catch (IllegalArgumentException e) {
                errors.add(new ScanError(location, "data is not valid base64"));
                continue;
            }
            ReadResult result = reader.readSecret(name, Map.of(key, value));
            for (FoundCertificate found : result.certificates()) {
                ObservedCertificate c = ObservedCertificate.of(
                        CertificateLocation.inCluster(SourceKind.SECRET, location, found.index()),
                        PublicFacts.of(found.certificate()),
                        PublicFacts.findings(found.certificate().findings()));
                if (found.index() == 0
                        && kind.flatMap(ClusterApiSecret::authority).isPresent()) {
                    c = c.withKubeadmName(kind.get().authority().get().kubeadmName());
                }
                certificates.add(c);
            }
            for (String problem : result.problems()) {
                errors.add(new ScanError(location, problem));
            }
        }
    }

    /** Entries that hold a private key are never decoded (the reader would skip them; they are not even decoded). */
    private static boolean privateKeyEntry(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith(".key")
                || k.contains("private")
                || k.equals("key")
                || k.endsWith("-key")
                || k.endsWith("_key")
                || k.endsWith(".p8");
    }

    @Override
    public SourceReading trustBundles(Cluster cluster) {
        if (cluster.management().isEmpty()) {
            return SourceReading.nothing(ScanScope.TRUST);
        }
        ManagementRef ref = cluster.management().get();
        String source = "management " + ref.managementCluster() + " TkgServiceConfiguration";
        try {
            KubernetesClient client = clients.client(ref.managementCluster());
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(ClusterApiKinds.TKG_SERVICE_CONFIGURATIONS)
                    .get();
            if (crd == null) {
                return SourceReading.nothing(ScanScope.TRUST);
            }
            String version = crd.getSpec().getVersions().stream()
                    .filter(v -> Boolean.TRUE.equals(v.getServed()))
                    .sorted(Comparator.comparing(
                            (CustomResourceDefinitionVersion v) -> !Boolean.TRUE.equals(v.getStorage())))
                    .map(CustomResourceDefinitionVersion::getName)
                    .findFirst()
                    .orElse("v1alpha1");
            List<ObservedCertificate> certificates = new ArrayList<>();
            List<ScanError> errors = new ArrayList<>();
            for (GenericKubernetesResource configuration : client.genericKubernetesResources(
                            ClusterApiKinds.tkgServiceConfiguration(version))
                    .list()
                    .getItems()) {
                String configName = configuration.getMetadata().getName();
                int n = 0;
                for (Object ca : ResourceFields.list(configuration, "spec", "trust", "additionalTrustedCAs")) {
                    String caName = ResourceFields.text(ca, "name").orElse("#" + n);
                    n++;
                    String location = "tkgserviceconfiguration:" + configName + "/additionalTrustedCAs/" + caName;
                    Optional<String> data = ResourceFields.text(ca, "data");
                    if (data.isEmpty()) {
                        errors.add(new ScanError(location, "no data"));
                        continue;
                    }
                    byte[] pem;
                    try {
                        pem = Base64.getMimeDecoder().decode(data.get().getBytes(StandardCharsets.US_ASCII));
                    } catch (IllegalArgumentException e) {
                        errors.add(new ScanError(location, "data is not valid base64"));
                        continue;
                    }
                    ReadResult result = reader.read(pem, Optional.empty());
                    for (FoundCertificate found : result.certificates()) {
                        certificates.add(ObservedCertificate.of(
                                CertificateLocation.inCluster(SourceKind.TRUST_BUNDLE, location, found.index()),
                                PublicFacts.of(found.certificate()),
                                PublicFacts.findings(found.certificate().findings())));
                    }
                    result.problems().forEach(p -> errors.add(new ScanError(location, p)));
                }
            }
            return SourceReading.read(ScanScope.TRUST, certificates, errors);
        } catch (KubernetesClientException e) {
            return failure(ScanScope.TRUST, source, "reading TkgServiceConfiguration", e);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return SourceReading.failed(ScanScope.TRUST, source, e.getMessage());
        }
    }

    @Override
    public SourceReading certificateSigningRequests(Cluster cluster) {
        if (cluster.management().isEmpty()) {
            return SourceReading.nothing(ScanScope.CSRS);
        }
        ManagementRef ref = cluster.management().get();
        Optional<String> kubeconfig;
        try {
            kubeconfig = kubeconfig(clients.client(ref.managementCluster()), ref);
        } catch (KubernetesClientException e) {
            return failure(ScanScope.CSRS, "management " + ref.managementCluster(), "reading the kubeconfig Secret", e);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return SourceReading.failed(ScanScope.CSRS, "management " + ref.managementCluster(), e.getMessage());
        }
        if (kubeconfig.isEmpty()) {
            return SourceReading.nothing(ScanScope.CSRS);
        }
        String source = cluster.apiEndpoint().orElse("API of " + cluster.id());
        try (KubernetesClient workload = clients.workloadClient(kubeconfig.get())) {
            List<ObservedCertificate> certificates = new ArrayList<>();
            List<ScanError> errors = new ArrayList<>();
            for (CertificateSigningRequest csr : workload.certificates()
                    .v1()
                    .certificateSigningRequests()
                    .list()
                    .getItems()) {
                String issued = csr.getStatus() == null ? null : csr.getStatus().getCertificate();
                if (issued == null || issued.isBlank()) {
                    continue;
                }
                String location = "csr:" + csr.getMetadata().getName();
                byte[] pem;
                try {
                    pem = Base64.getMimeDecoder().decode(issued);
                } catch (IllegalArgumentException e) {
                    errors.add(new ScanError(location, "status.certificate is not valid base64"));
                    continue;
                }
                ReadResult result = reader.read(pem, Optional.empty());
                for (FoundCertificate found : result.certificates()) {
                    certificates.add(ObservedCertificate.of(
                            CertificateLocation.inCluster(SourceKind.CSR, location, found.index()),
                            PublicFacts.of(found.certificate()),
                            PublicFacts.findings(found.certificate().findings())));
                }
                result.problems().forEach(p -> errors.add(new ScanError(location, p)));
            }
            return SourceReading.read(ScanScope.CSRS, certificates, errors);
        } catch (KubernetesClientException e) {
            return failure(ScanScope.CSRS, source, "listing CertificateSigningRequests", e);
        } catch (RuntimeException e) {
            // a kubeconfig Fabric8 cannot use (its message may quote the file: not repeated)
            return SourceReading.failed(
                    ScanScope.CSRS,
                    source,
                    "the workload cluster's kubeconfig cannot be used ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    /** The text of the {@code <c>-kubeconfig} Secret's {@code value}: credentials, kept in memory for one call. */
    private static Optional<String> kubeconfig(KubernetesClient management, ManagementRef ref) {
        Secret secret = management
                .secrets()
                .inNamespace(ref.namespace())
                .withName(ClusterApiSecret.KUBECONFIG.secretName(ref.name()))
                .get();
        if (secret == null || secret.getData() == null || secret.getData().get("value") == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new String(Base64.getMimeDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static SourceReading failure(ScanScope scope, String source, String what, KubernetesClientException e) {
        if (e.getCode() == 0 || e.getCode() == 503 || e.getCode() == 504) {
            return SourceReading.unreachable(scope, source, what + " failed: the API did not answer");
        }
        String reason = e.getCode() == 403
                ? what + " is forbidden (HTTP 403): grant the scanner read access"
                : what + " failed (HTTP " + e.getCode() + ")";
        return SourceReading.failed(scope, source, reason);
    }
}

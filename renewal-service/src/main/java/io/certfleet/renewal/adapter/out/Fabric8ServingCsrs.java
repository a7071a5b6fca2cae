package io.certfleet.renewal.adapter.out;

import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.KubeletServingCsrs;
import io.certfleet.renewal.domain.csr.KubeletServingCsrReview;
import io.certfleet.renewal.domain.csr.NodeAddresses;
import io.certfleet.renewal.domain.csr.ServingCsr;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link KubeletServingCsrs} with Fabric8: CSRs and Nodes of a workload cluster, approved or denied through the
 * CSR's {@code approval} subresource with a condition whose message is the review's reason.
 */
@Singleton
final class Fabric8ServingCsrs implements KubeletServingCsrs {
    static final String REASON_APPROVED = "CertfleetKubeletServingApproved";
    static final String REASON_DENIED = "CertfleetKubeletServingDenied";

    private final Function<ClusterProfile, KubernetesClient> clients;
    private final Clock clock;

    public Fabric8ServingCsrs(Fabric8Clusters clusters, Clock clock) {
        this(clusters::workloadClient, clock);
    }

    private Fabric8ServingCsrs(Function<ClusterProfile, KubernetesClient> clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * @param clients a new client of a cluster's API, closed when the session ends
     */
    static Fabric8ServingCsrs with(Function<ClusterProfile, KubernetesClient> clients, Clock clock) {
        return new Fabric8ServingCsrs(clients, clock);
    }

    @Override
    public Session open(ClusterProfile cluster) {
        KubernetesClient client = clients.apply(cluster);
        return new Session() {
            @Override
            public List<ServingCsr> pending() {
                return call(
                        cluster,
                        "listing CSRs",
                        () -> client.certificates().v1().certificateSigningRequests().list().getItems().stream()
                                .filter(Fabric8ServingCsrs::isPending)
                                .filter(Fabric8ServingCsrs::isOurs)
                                .map(Fabric8ServingCsrs::servingCsr)
                                .toList());
            }

            @Override
            public Optional<NodeAddresses> node(String name) {
                return call(
                        cluster,
                        "reading Node " + name,
                        () -> Optional.ofNullable(client.nodes().withName(name).get())
                                .map(Fabric8ServingCsrs::addresses));
            }

            @Override
            public void approve(String csrName, String reason) {
                call(
                        cluster,
                        "approving CSR " + csrName,
                        () -> client.certificates()
                                .v1()
                                .certificateSigningRequests()
                                .withName(csrName)
                                .approve(condition("Approved", REASON_APPROVED, reason)));
            }

            @Override
            public void deny(String csrName, String reason) {
                call(
                        cluster,
                        "denying CSR " + csrName,
                        () -> client.certificates()
                                .v1()
                                .certificateSigningRequests()
                                .withName(csrName)
                                .deny(condition("Denied", REASON_DENIED, reason)));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private CertificateSigningRequestCondition condition(String type, String reason, String message) {
        String now = clock.instant().toString();
        return new CertificateSigningRequestConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    static boolean isPending(CertificateSigningRequest csr) {
        return csr.getStatus() == null
                || csr.getStatus().getConditions() == null
                || csr.getStatus().getConditions().stream()
                        .noneMatch(c -> Set.of("Approved", "Denied", "Failed").contains(c.getType()));
    }

    /** kubelet-serving CSRs, and nodes asking another built-in signer for a serving certificate (denied). */
    static boolean isOurs(CertificateSigningRequest csr) {
        String signer =
                csr.getSpec().getSignerName() == null ? "" : csr.getSpec().getSignerName();
        if (signer.equals(KubeletServingCsrReview.SIGNER)) {
            return true;
        }
        String username =
                csr.getSpec().getUsername() == null ? "" : csr.getSpec().getUsername();
        List<String> usages =
                csr.getSpec().getUsages() == null ? List.of() : csr.getSpec().getUsages();
        return signer.startsWith("kubernetes.io/")
                && KubeletServingCsrReview.nodeOf(username).isPresent()
                && usages.contains("server auth");
    }

    static ServingCsr servingCsr(CertificateSigningRequest csr) {
        var spec = csr.getSpec();
        byte[] request;
        try {
            request = spec.getRequest() == null
                    ? new byte[0]
                    : Base64.getDecoder().decode(spec.getRequest());
        } catch (IllegalArgumentException e) {
            request = new byte[0];
        }
        return new ServingCsr(
                csr.getMetadata().getName(),
                spec.getSignerName() == null ? "" : spec.getSignerName(),
                spec.getUsername() == null ? "" : spec.getUsername(),
                spec.getGroups() == null ? List.of() : spec.getGroups(),
                spec.getUsages() == null ? List.of() : spec.getUsages(),
                spec.getExpirationSeconds() == null
                        ? OptionalLong.empty()
                        : OptionalLong.of(spec.getExpirationSeconds()),
                CertificateRequests.read(request));
    }

    static NodeAddresses addresses(Node node) {
        Set<String> hostnames = new HashSet<>();
        Set<String> ips = new HashSet<>();
        List<NodeAddress> addresses =
                node.getStatus() == null || node.getStatus().getAddresses() == null
                        ? List.of()
                        : node.getStatus().getAddresses();
        for (NodeAddress address : addresses) {
            switch (address.getType()) {
                case "Hostname", "InternalDNS", "ExternalDNS" -> hostnames.add(address.getAddress());
                case "InternalIP", "ExternalIP" -> ips.add(CertificateRequests.canonicalIp(address.getAddress()));
                default -> {
                    // other kinds do not name the node
                }
            }
        }
        return new NodeAddresses(node.getMetadata().getName(), hostnames, ips);
    }

    private static <T> T call(ClusterProfile cluster, String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            FailureReason reason =
                    e.getCode() == 0 || e.getCode() >= 500 ? FailureReason.UNREACHABLE : FailureReason.INVALID_INPUT;
            throw new ClusterApiException(
                    reason, cluster.id() + ": " + what + " failed (API answered " + e.getCode() + ")", e);
        }
    }
}

package io.certfleet.pki.kubeadm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The leaf certificates of a kubeadm control-plane node, with the requirements of the Kubernetes
 * "PKI certificates and requirements" tables (seed 003) and the names and files of {@code kubeadm
 * certs check-expiration} (seed 004). This table is the single source of truth for the simulator
 * (what to write), the scanner (what to expect, what to lint) and renewal (what to renew).
 *
 * <p>Placeholders ({@code <hostname>}, {@code <Host_IP>}, ...) are filled from a {@link NodeIdentity}
 * by {@link #commonName(NodeIdentity)} and {@link #requiredSans(NodeIdentity)}.
 */
public enum KubeadmCertificate {
    ADMIN_CONF(
            "admin.conf",
            Location.CONFIG_DIR,
            "admin.conf",
            "kubernetes-admin",
            // The seed table says system:masters; kubeadm >= 1.29 uses kubeadm:cluster-admins and
            // moves system:masters to super-admin.conf. Both are accepted, the first is written.
            List.of("system:masters", "kubeadm:cluster-admins"),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            "default-admin"),
    SUPER_ADMIN_CONF(
            "super-admin.conf",
            Location.CONFIG_DIR,
            "super-admin.conf",
            "kubernetes-super-admin",
            List.of("system:masters"),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            "default-super-admin"),
    APISERVER(
            "apiserver",
            Location.CERT_DIR,
            "apiserver.crt",
            "kube-apiserver",
            List.of(),
            CertificateAuthority.CA,
            Set.of(Usage.SERVER),
            SanRule.APISERVER,
            null),
    APISERVER_ETCD_CLIENT(
            "apiserver-etcd-client",
            Location.CERT_DIR,
            "apiserver-etcd-client.crt",
            "kube-apiserver-etcd-client",
            List.of("system:masters"),
            CertificateAuthority.ETCD_CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            null),
    APISERVER_KUBELET_CLIENT(
            "apiserver-kubelet-client",
            Location.CERT_DIR,
            "apiserver-kubelet-client.crt",
            "kube-apiserver-kubelet-client",
            List.of("system:masters", "kubeadm:cluster-admins"),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            null),
    CONTROLLER_MANAGER_CONF(
            "controller-manager.conf",
            Location.CONFIG_DIR,
            "controller-manager.conf",
            "system:kube-controller-manager",
            List.of(),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            "default-controller-manager"),
    ETCD_HEALTHCHECK_CLIENT(
            "etcd-healthcheck-client",
            Location.CERT_DIR,
            "etcd/healthcheck-client.crt",
            "kube-etcd-healthcheck-client",
            List.of(),
            CertificateAuthority.ETCD_CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            null),
    ETCD_PEER(
            "etcd-peer",
            Location.CERT_DIR,
            "etcd/peer.crt",
            "kube-etcd-peer",
            List.of(),
            CertificateAuthority.ETCD_CA,
            Set.of(Usage.SERVER, Usage.CLIENT),
            SanRule.ETCD,
            null),
    ETCD_SERVER(
            "etcd-server",
            Location.CERT_DIR,
            "etcd/server.crt",
            "kube-etcd",
            List.of(),
            CertificateAuthority.ETCD_CA,
            Set.of(Usage.SERVER, Usage.CLIENT),
            SanRule.ETCD,
            null),
    FRONT_PROXY_CLIENT(
            "front-proxy-client",
            Location.CERT_DIR,
            "front-proxy-client.crt",
            "front-proxy-client",
            List.of(),
            CertificateAuthority.FRONT_PROXY_CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            null),
    SCHEDULER_CONF(
            "scheduler.conf",
            Location.CONFIG_DIR,
            "scheduler.conf",
            "system:kube-scheduler",
            List.of(),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            "default-scheduler"),
    /**
     * The node's kubeconfig. kubeadm does not list or renew it (the kubelet rotates its client
     * certificate; modern kubelet.conf points at {@code kubelet-client-current.pem}).
     */
    KUBELET_CONF(
            "kubelet.conf",
            Location.CONFIG_DIR,
            "kubelet.conf",
            "system:node:<nodeName>",
            List.of("system:nodes"),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            "default-auth"),
    /** The kubelet's rotated client certificate: a symlink to {@code kubelet-client-<timestamp>.pem}. */
    KUBELET_CLIENT(
            "kubelet-client",
            Location.KUBELET_DIR,
            "kubelet-client-current.pem",
            "system:node:<nodeName>",
            List.of("system:nodes"),
            CertificateAuthority.CA,
            Set.of(Usage.CLIENT),
            SanRule.NONE,
            null),
    /**
     * The kubelet's serving certificate: {@code kubelet.crt} (self-signed by the kubelet) or, with
     * {@code serverTLSBootstrap: true}, {@code kubelet-server-current.pem} signed through a CSR.
     */
    KUBELET_SERVING(
            "kubelet-serving",
            Location.KUBELET_DIR,
            "kubelet.crt",
            "<hostname>",
            List.of(),
            CertificateAuthority.CA,
            Set.of(Usage.SERVER),
            SanRule.KUBELET,
            null);

    /** The alternative file of {@link #KUBELET_SERVING} when the serving certificate is CSR-signed. */
    public static final String KUBELET_SERVING_ROTATED_PATH = "kubelet-server-current.pem";

    private final String kubeadmName;
    private final Location location;
    private final String path;
    private final String commonNameTemplate;
    private final List<String> organizations;
    private final CertificateAuthority authority;
    private final Set<Usage> usages;
    private final SanRule sanRule;
    private final String kubeconfigUser;

    KubeadmCertificate(
            String kubeadmName,
            Location location,
            String path,
            String commonNameTemplate,
            List<String> organizations,
            CertificateAuthority authority,
            Set<Usage> usages,
            SanRule sanRule,
            String kubeconfigUser) {
        this.kubeadmName = kubeadmName;
        this.location = location;
        this.path = path;
        this.commonNameTemplate = commonNameTemplate;
        this.organizations = organizations;
        this.authority = authority;
        this.usages = usages;
        this.sanRule = sanRule;
        this.kubeconfigUser = kubeconfigUser;
    }

    /** The name {@code kubeadm certs check-expiration} and {@code kubeadm certs renew} use. */
    public String kubeadmName() {
        return kubeadmName;
    }

    public Location location() {
        return location;
    }

    /** Relative to the directory of {@link #location()}. */
    public String path() {
        return path;
    }

    /** Private key path for certificates stored as .crt/.key pairs; kubeconfigs embed their key. */
    public Optional<String> keyPath() {
        return switch (this) {
            // kubeconfigs embed their key; kubelet-client-current.pem holds certificate and key.
            case ADMIN_CONF, SUPER_ADMIN_CONF, CONTROLLER_MANAGER_CONF, SCHEDULER_CONF, KUBELET_CONF, KUBELET_CLIENT ->
                Optional.empty();
            case KUBELET_SERVING -> Optional.of("kubelet.key");
            default -> Optional.of(path.substring(0, path.length() - ".crt".length()) + ".key");
        };
    }

    public boolean isKubeconfig() {
        return path.endsWith(".conf");
    }

    /** The seed 003 default CN, with the node's placeholders filled in. */
    public String commonName(NodeIdentity node) {
        return commonNameTemplate.replace("<nodeName>", node.nodeName()).replace("<hostname>", node.nodeName());
    }

    /** The CN template as the seed table writes it ({@code system:node:<nodeName>}). */
    public String commonNameTemplate() {
        return commonNameTemplate;
    }

    /** Accepted subject organizations; the first one is what a fresh kubeadm-like tree gets. */
    public List<String> organizations() {
        return organizations;
    }

    /** Signing CA. For the self-signed {@code kubelet.crt} the issuer is the kubelet's own CA. */
    public CertificateAuthority authority() {
        return authority;
    }

    public Set<Usage> usages() {
        return usages;
    }

    /** The kubeconfig user (credential) name of the seed table, for kubeconfig files. */
    public Optional<String> kubeconfigUser() {
        return Optional.ofNullable(kubeconfigUser);
    }

    /**
     * The subject alternative names the certificate must carry, prefixed as {@code DNS:} or {@code
     * IP:} (the form {@code openssl x509 -ext subjectAltName} prints). Empty for client certificates.
     */
    public List<String> requiredSans(NodeIdentity node) {
        List<String> sans = new ArrayList<>();
        switch (sanRule) {
            case NONE -> {}
            case APISERVER -> {
                String domain = node.clusterDomain();
                sans.add("DNS:" + node.nodeName());
                sans.add("DNS:kubernetes");
                sans.add("DNS:kubernetes.default");
                sans.add("DNS:kubernetes.default.svc");
                // seed 003 lists kubernetes.default.svc.cluster as well as the full domain
                sans.add("DNS:kubernetes.default.svc." + domain.split("\\.")[0]);
                sans.add("DNS:kubernetes.default.svc." + domain);
                sans.add("IP:" + node.serviceIp());
                sans.add("IP:" + node.hostIp());
                if (!node.advertiseIp().equals(node.hostIp())) {
                    sans.add("IP:" + node.advertiseIp());
                }
            }
            case ETCD -> {
                sans.add("DNS:" + node.nodeName());
                sans.add("DNS:localhost");
                sans.add("IP:" + node.hostIp());
                sans.add("IP:127.0.0.1");
            }
            case KUBELET -> {
                sans.add("DNS:" + node.nodeName());
                sans.add("IP:" + node.hostIp());
            }
        }
        return List.copyOf(sans);
    }

    /** The rows of {@code kubeadm certs check-expiration}'s first table, in its (alphabetical) order. */
    public static List<KubeadmCertificate> checkExpirationRows() {
        return List.of(
                ADMIN_CONF,
                APISERVER,
                APISERVER_ETCD_CLIENT,
                APISERVER_KUBELET_CLIENT,
                CONTROLLER_MANAGER_CONF,
                ETCD_HEALTHCHECK_CLIENT,
                ETCD_PEER,
                ETCD_SERVER,
                FRONT_PROXY_CLIENT,
                SCHEDULER_CONF,
                SUPER_ADMIN_CONF);
    }

    /** What {@code kubeadm certs renew all} renews: the check-expiration rows. */
    public static List<KubeadmCertificate> renewable() {
        return checkExpirationRows();
    }

    public static Optional<KubeadmCertificate> byKubeadmName(String name) {
        for (KubeadmCertificate cert : values()) {
            if (cert.kubeadmName.equals(name)) {
                return Optional.of(cert);
            }
        }
        return Optional.empty();
    }

    private enum SanRule {
        NONE,
        APISERVER,
        ETCD,
        KUBELET
    }
}

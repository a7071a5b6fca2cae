package io.certfleet.fleetsim;

import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.util.List;

/**
 * What a given kubeadm release writes where the seed 003 table allows choices. From v1.29 kubeadm
 * creates {@code super-admin.conf} (O {@code system:masters}, only on the node that ran {@code
 * kubeadm init}) and gives {@code admin.conf} and {@code apiserver-kubelet-client} the O {@code
 * kubeadm:cluster-admins} instead; before v1.24 control-plane nodes also carry the {@code
 * node-role.kubernetes.io/master} label.
 *
 * @param minorVersion the Kubernetes minor version (30 for v1.30.6)
 */
public record KubeadmConventions(int minorVersion) {

    static final String CLUSTER_ADMINS = "kubeadm:cluster-admins";

    public static KubeadmConventions of(ClusterSpec cluster) {
        return new KubeadmConventions(cluster.minorVersion());
    }

    public boolean writesSuperAdminConf() {
        return minorVersion >= 29;
    }

    public boolean labelsMasterRole() {
        return minorVersion < 24;
    }

    /** The subject organizations written for {@code certificate}; always one the table accepts. */
    public List<String> organizations(KubeadmCertificate certificate) {
        List<String> accepted = certificate.organizations();
        if (accepted.isEmpty()) {
            return List.of();
        }
        boolean clusterAdmins = writesSuperAdminConf()
                && (certificate == KubeadmCertificate.ADMIN_CONF
                        || certificate == KubeadmCertificate.APISERVER_KUBELET_CLIENT);
        String chosen = clusterAdmins ? CLUSTER_ADMINS : accepted.get(0);
        if (!accepted.contains(chosen)) {
            throw new IllegalStateException(certificate + " does not accept O=" + chosen);
        }
        return List.of(chosen);
    }

    /**
     * The leaf certificates a node holds. Workers have only the kubelet's; control-plane nodes have
     * every row, except {@code super-admin.conf} which only the init node of a v1.29+ cluster has.
     */
    public List<KubeadmCertificate> certificatesOf(NodeRole role, boolean initNode) {
        if (role == NodeRole.WORKER) {
            return List.of(
                    KubeadmCertificate.KUBELET_CONF,
                    KubeadmCertificate.KUBELET_CLIENT,
                    KubeadmCertificate.KUBELET_SERVING);
        }
        return java.util.Arrays.stream(KubeadmCertificate.values())
                .filter(c -> c != KubeadmCertificate.SUPER_ADMIN_CONF || (initNode && writesSuperAdminConf()))
                .toList();
    }
}

package io.certfleet.fleetsim;

import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One simulated cluster: flavour, version, topology, key type, certificate ages and faults.
 *
 * @param name cluster name (DNS label); also the namespace in the management API
 * @param flavour kubeadm or Cluster API
 * @param kubernetesVersion e.g. {@code v1.30.6}; kubeadm >= 1.29 conventions apply from v1.29
 * @param controlPlaneNodes 1 or 3 (any odd number up to 7)
 * @param workers worker nodes
 * @param zones failure zones the nodes are spread over ({@code topology.kubernetes.io/zone})
 * @param keyAlgorithm key type of every key kubeadm would create (the kubelet's rotated client key
 *     is always ECDSA P-256, as the kubelet makes it)
 * @param ages certificate ages relative to the fleet clock
 * @param kubeletKubeconfig how kubelet.conf carries its credentials
 * @param faults switched-on faults
 * @param externalAuthorities CAs whose key is held outside the cluster (kubeadm external CA mode): their
 *     certificate is on the control-plane nodes, their key is not; {@link SimulatedCluster#externalAuthority}
 *     hands it to a test acting as the external signer
 */
public record ClusterSpec(
        String name,
        ClusterFlavour flavour,
        String kubernetesVersion,
        int controlPlaneNodes,
        int workers,
        List<String> zones,
        KeyAlgorithm keyAlgorithm,
        CertificateAges ages,
        KubeletKubeconfig kubeletKubeconfig,
        List<Fault> faults,
        Set<CertificateAuthority> externalAuthorities) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("v1\\.(\\d+)\\.(\\d+)");

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(ages, "ages");
        Objects.requireNonNull(kubeletKubeconfig, "kubeletKubeconfig");
        zones = List.copyOf(zones);
        faults = List.copyOf(faults);
        externalAuthorities = externalAuthorities == null || externalAuthorities.isEmpty()
                ? Set.of()
                : Set.copyOf(EnumSet.copyOf(externalAuthorities));
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name '" + name
                    + "' must be a DNS label of at most 30 characters (node names derive from it)");
        }
        if (!VERSION.matcher(kubernetesVersion).matches()) {
            throw new IllegalArgumentException("kubernetesVersion must look like v1.30.6: " + kubernetesVersion);
        }
        if (controlPlaneNodes < 1 || controlPlaneNodes > 7 || controlPlaneNodes % 2 == 0) {
            throw new IllegalArgumentException("controlPlaneNodes must be 1, 3, 5 or 7: " + controlPlaneNodes);
        }
        if (workers < 0 || controlPlaneNodes + workers > 254) {
            throw new IllegalArgumentException("a cluster has 1..254 nodes (one loopback /24 each)");
        }
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("at least one zone");
        }
    }

    /** The minor version (30 for v1.30.6). */
    public int minorVersion() {
        var matcher = VERSION.matcher(kubernetesVersion);
        if (!matcher.matches()) {
            throw new IllegalStateException(kubernetesVersion);
        }
        return Integer.parseInt(matcher.group(1));
    }

    public FaultSet faultSet() {
        return new FaultSet(faults);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder with the defaults: kubeadm flavour, 1 control-plane node, 2 workers, zones {@code
     * zone-a..c}, ECDSA P-256, {@link CertificateAges#fresh()}, kubelet.conf pointing at the
     * rotated file, no faults. Name and version default from the fleet seed.
     */
    public static final class Builder {
        private String name;
        private ClusterFlavour flavour = ClusterFlavour.KUBEADM;
        private String kubernetesVersion;
        private int controlPlaneNodes = 1;
        private int workers = 2;
        private List<String> zones = List.of("zone-a", "zone-b", "zone-c");
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private CertificateAges ages = CertificateAges.fresh();
        private KubeletKubeconfig kubeletKubeconfig = KubeletKubeconfig.ROTATED_CERTIFICATE_FILE;
        private final List<Fault> faults = new ArrayList<>();
        private Set<CertificateAuthority> externalAuthorities = Set.of();

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder flavour(ClusterFlavour value) {
            this.flavour = value;
            return this;
        }

        public Builder kubernetesVersion(String value) {
            this.kubernetesVersion = value;
            return this;
        }

        public Builder controlPlaneNodes(int value) {
            this.controlPlaneNodes = value;
            return this;
        }

        public Builder workers(int value) {
            this.workers = value;
            return this;
        }

        public Builder zones(List<String> value) {
            this.zones = List.copyOf(value);
            return this;
        }

        public Builder keyAlgorithm(KeyAlgorithm value) {
            this.keyAlgorithm = value;
            return this;
        }

        public Builder ages(CertificateAges value) {
            this.ages = value;
            return this;
        }

        public Builder kubeletKubeconfig(KubeletKubeconfig value) {
            this.kubeletKubeconfig = value;
            return this;
        }

        public Builder fault(Fault value) {
            faults.add(value);
            return this;
        }

        /** kubeadm external CA mode for these CAs: their keys are not written to the nodes. */
        public Builder externalAuthorities(Set<CertificateAuthority> value) {
            this.externalAuthorities = Set.copyOf(value);
            return this;
        }

        Builder copy() {
            Builder copy = new Builder();
            copy.name = name;
            copy.flavour = flavour;
            copy.kubernetesVersion = kubernetesVersion;
            copy.controlPlaneNodes = controlPlaneNodes;
            copy.workers = workers;
            copy.zones = zones;
            copy.keyAlgorithm = keyAlgorithm;
            copy.ages = ages;
            copy.kubeletKubeconfig = kubeletKubeconfig;
            copy.faults.addAll(faults);
            copy.externalAuthorities = externalAuthorities;
            return copy;
        }

        /** Builds with explicit name and version; {@link FleetSpec} supplies seeded ones when unset. */
        public ClusterSpec build() {
            if (name == null || kubernetesVersion == null) {
                throw new IllegalStateException("name and kubernetesVersion are set by FleetSpec when omitted");
            }
            return buildWith(name, kubernetesVersion);
        }

        ClusterSpec buildWith(String defaultName, String defaultVersion) {
            return new ClusterSpec(
                    name != null ? name : defaultName,
                    flavour,
                    kubernetesVersion != null ? kubernetesVersion : defaultVersion,
                    controlPlaneNodes,
                    workers,
                    zones,
                    keyAlgorithm,
                    ages,
                    kubeletKubeconfig,
                    faults,
                    externalAuthorities);
        }
    }
}

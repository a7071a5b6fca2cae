package io.certfleet.fleetsim;

import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.Location;
import io.certfleet.pki.kubeadm.NodeIdentity;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SIMULATED node: a directory shaped like the node's root file system ({@code etc/kubernetes},
 * {@code var/lib/kubelet}), a loopback address used as its host IP in certificates and Node
 * addresses, and, on control-plane nodes, TLS endpoints for kube-apiserver and etcd.
 *
 * <p>Later work (node-agent's local executor, renewal) renews files in place through the directory
 * accessors, then calls {@link #restartStaticPods()} the way {@code crictl stop} would be used on a
 * real node.
 */
public final class SimulatedNode {

    private final SimulatedCluster cluster;
    private final String name;
    private final NodeRole role;
    private final int indexInRole;
    private final String zone;
    private final NodeIdentity identity;
    private final Path root;
    private final boolean initNode;
    private final boolean kubeletRotation;
    private final boolean neverReady;
    private final boolean drainBlocked;
    private final List<KubeadmCertificate> certificates;
    private final Map<ControlPlaneComponent, Integer> restarts = new EnumMap<>(ControlPlaneComponent.class);
    private TlsEndpoint apiserver;
    private TlsEndpoint etcd;
    private String kubeletVersion;
    private boolean ready;

    SimulatedNode(
            SimulatedCluster cluster,
            String name,
            NodeRole role,
            int indexInRole,
            String zone,
            NodeIdentity identity,
            Path root,
            boolean initNode,
            List<KubeadmCertificate> certificates) {
        this.cluster = cluster;
        this.name = name;
        this.role = role;
        this.indexInRole = indexInRole;
        this.zone = zone;
        this.identity = identity;
        this.root = root;
        this.initNode = initNode;
        this.certificates = List.copyOf(certificates);
        FaultSet faults = cluster.spec().faultSet();
        this.kubeletRotation = faults.kubeletRotation(role, indexInRole);
        this.neverReady = faults.neverReady(role, indexInRole);
        this.drainBlocked = faults.drainBlocked(role, indexInRole);
        this.kubeletVersion = cluster.kubernetesVersion();
        this.ready = !neverReady;
    }

    public SimulatedCluster cluster() {
        return cluster;
    }

    /** The Node name, also the hostname in certificates. */
    public String name() {
        return name;
    }

    public NodeRole role() {
        return role;
    }

    /** 0-based position among the cluster's nodes of the same role. */
    public int indexInRole() {
        return indexInRole;
    }

    public String zone() {
        return zone;
    }

    /** The loopback address standing for the node's host IP (127.10.&lt;cluster&gt;.&lt;node&gt;). */
    public String hostIp() {
        return identity.hostIp();
    }

    /** The placeholders of the seed 003 table for this node. */
    public NodeIdentity identity() {
        return identity;
    }

    /** Whether this control-plane node ran {@code kubeadm init} (the first one). */
    public boolean initNode() {
        return initNode;
    }

    /** The node's simulated root directory. */
    public Path root() {
        return root;
    }

    /** {@code /etc/kubernetes/pki}. */
    public Path certDir() {
        return root.resolve("etc/kubernetes/pki");
    }

    /** {@code /etc/kubernetes}, where the kubeconfig files are. */
    public Path configDir() {
        return root.resolve("etc/kubernetes");
    }

    /** {@code /var/lib/kubelet/pki}. */
    public Path kubeletDir() {
        return root.resolve("var/lib/kubelet/pki");
    }

    /** {@code /var/lib/kubelet/config.yaml}, the KubeletConfiguration with {@code rotateCertificates}. */
    public Path kubeletConfigFile() {
        return root.resolve("var/lib/kubelet/config.yaml");
    }

    /** {@code /etc/kubernetes/manifests}, the static pod manifests of a control-plane node. */
    public Path manifestsDir() {
        return root.resolve("etc/kubernetes/manifests");
    }

    public Path directory(Location location) {
        return switch (location) {
            case CERT_DIR -> certDir();
            case CONFIG_DIR -> configDir();
            case KUBELET_DIR -> kubeletDir();
        };
    }

    /** Where the table says {@code certificate} lives on this node. */
    public Path path(KubeadmCertificate certificate) {
        return directory(certificate.location()).resolve(certificate.path());
    }

    /** Maps an absolute path as seen on the node ({@code /var/lib/kubelet/pki/x}) into the simulated root. */
    public Path hostPath(String absolutePathOnNode) {
        String relative = absolutePathOnNode.startsWith("/") ? absolutePathOnNode.substring(1) : absolutePathOnNode;
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the node root: " + absolutePathOnNode);
        }
        return resolved;
    }

    /** The leaf certificates of the table this node holds (see {@link KubeadmConventions#certificatesOf}). */
    public List<KubeadmCertificate> certificates() {
        return certificates;
    }

    public Optional<TlsEndpoint> apiserverEndpoint() {
        return Optional.ofNullable(apiserver);
    }

    public Optional<TlsEndpoint> etcdEndpoint() {
        return Optional.ofNullable(etcd);
    }

    public List<TlsEndpoint> endpoints() {
        return java.util.stream.Stream.of(apiserver, etcd)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** {@code rotateCertificates} in the node's KubeletConfiguration. */
    public boolean kubeletRotation() {
        return kubeletRotation;
    }

    /** Whether a PodDisruptionBudget-guarded pod blocks draining this node. */
    public boolean drainBlocked() {
        return drainBlocked;
    }

    public synchronized boolean ready() {
        return ready;
    }

    public synchronized String kubeletVersion() {
        return kubeletVersion;
    }

    /**
     * Restarts every static pod of a control-plane node: the endpoints re-read their files. The
     * controller-manager and scheduler have no endpoint; their restarts are only counted.
     *
     * @throws ComponentStartException if a component cannot start from the files on disk
     */
    public void restartStaticPods() {
        if (role != NodeRole.CONTROL_PLANE) {
            return;
        }
        for (ControlPlaneComponent component : ControlPlaneComponent.values()) {
            restartStaticPod(component);
        }
    }

    /** Restarts one static pod (see {@link #restartStaticPods()}). */
    public void restartStaticPod(ControlPlaneComponent component) {
        if (role != NodeRole.CONTROL_PLANE) {
            throw new IllegalStateException(name + " is a worker: it has no static control-plane pods");
        }
        synchronized (this) {
            restarts.merge(component, 1, Integer::sum);
        }
        switch (component) {
            case KUBE_APISERVER -> apiserverEndpoint().ifPresent(TlsEndpoint::restart);
            case ETCD -> etcdEndpoint().ifPresent(TlsEndpoint::restart);
            case KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER -> {
                // no endpoint to reload
            }
        }
    }

    public synchronized int restartCount(ControlPlaneComponent component) {
        return restarts.getOrDefault(component, 0);
    }

    /**
     * Restarts the kubelet: the Node becomes Ready, unless the {@link Fault.NodeNeverReady} fault
     * holds it down. The Node object is updated if the cluster's API is running.
     */
    public void restartKubelet() {
        synchronized (this) {
            ready = !neverReady;
        }
        cluster.nodeChanged(this);
    }

    /** An upgraded kubelet (kubeadm upgrade's last step on a node), then a kubelet restart. */
    public void upgradeKubelet(String version) {
        synchronized (this) {
            kubeletVersion = version;
            ready = false;
        }
        restartKubelet();
    }

    void attachEndpoints(TlsEndpoint apiserverEndpoint, TlsEndpoint etcdEndpoint) {
        this.apiserver = apiserverEndpoint;
        this.etcd = etcdEndpoint;
    }

    @Override
    public String toString() {
        return "SimulatedNode[" + name + ", " + role + ", " + hostIp() + ", zone " + zone + "]";
    }
}

package io.certfleet.fleetsim;

import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SIMULATED cluster: its nodes, its CAs (identical on every control-plane node, as kubeadm
 * copies them), its API endpoint and its own Kubernetes API (a Fabric8 mock server holding the
 * Nodes), started on first use so a large fleet starts quickly.
 */
public final class SimulatedCluster {

    private final ClusterSpec spec;
    private final int index;
    private final Clock clock;
    private final List<SimulatedNode> nodes = new ArrayList<>();
    private Map<CertificateAuthority, X509Certificate> authorities = Map.of();
    private ClusterSecrets secrets;
    private String apiserverUrl;
    private WorkloadApi workloadApi;
    private boolean closed;

    SimulatedCluster(ClusterSpec spec, int index, Clock clock) {
        this.spec = spec;
        this.index = index;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    public String name() {
        return spec.name();
    }

    public ClusterSpec spec() {
        return spec;
    }

    public ClusterFlavour flavour() {
        return spec.flavour();
    }

    public String kubernetesVersion() {
        return spec.kubernetesVersion();
    }

    /** The cluster's namespace in the management API (the cluster name, as CAPI management clusters do). */
    public String namespace() {
        return spec.name();
    }

    /** Position in the fleet (0-based); the third octet of its nodes' loopback addresses. */
    public int index() {
        return index;
    }

    public List<SimulatedNode> nodes() {
        return List.copyOf(nodes);
    }

    public List<SimulatedNode> controlPlaneNodes() {
        return nodes.stream().filter(n -> n.role() == NodeRole.CONTROL_PLANE).toList();
    }

    public List<SimulatedNode> workers() {
        return nodes.stream().filter(n -> n.role() == NodeRole.WORKER).toList();
    }

    public Optional<SimulatedNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The CA certificate (the same on every node of the cluster). */
    public X509Certificate authorityCertificate(CertificateAuthority authority) {
        return authorities.get(authority);
    }

    /**
     * The certificate and key of a CA the spec declares external ({@link ClusterSpec#externalAuthorities()}): what the
     * organisation's external signer holds, for a test that plays it. Nodes do not have this key.
     *
     * @throws IllegalArgumentException for a CA whose key is on the nodes
     */
    public CertifiedKey externalAuthority(CertificateAuthority authority) {
        if (!spec().externalAuthorities().contains(authority)) {
            throw new IllegalArgumentException(
                    authority.kubeadmName() + " of " + name() + " is not external; its key is on the nodes");
        }
        return switch (authority) {
            case CA -> secrets.ca();
            case ETCD_CA -> secrets.etcdCa();
            case FRONT_PROXY_CA -> secrets.frontProxyCa();
        };
    }

    /**
     * The control-plane endpoint ({@code https://<first control-plane IP>:<port>}): the server of
     * admin.conf, kubelet.conf and the {@code <cluster>-kubeconfig} Secret. Through it, clients see
     * the served apiserver certificate and reach the cluster's API.
     */
    public String apiserverUrl() {
        return apiserverUrl;
    }

    /**
     * The kubeconfig of the management API's {@code <cluster>-kubeconfig} Secret (Cluster API's
     * admin credentials). It holds a private key: hand it to a client, never log it.
     */
    public String adminKubeconfig() {
        return secrets.kubeconfig();
    }

    /**
     * A client for the cluster's own API (Nodes, kube-system, PodDisruptionBudgets), connected
     * directly to its mock server, bypassing the TLS endpoint: the simulator's view of the truth,
     * reachable even when the apiserver certificate has expired. Starts the mock server on first use.
     */
    public synchronized KubernetesClient workloadApi() {
        return workload().client();
    }

    /** Restarts the static pods of every control-plane node, one node at a time. */
    public void restartControlPlane() {
        controlPlaneNodes().forEach(SimulatedNode::restartStaticPods);
    }

    synchronized InetSocketAddress workloadApiAddress() {
        return workload().address();
    }

    synchronized void nodeChanged(SimulatedNode node) {
        if (workloadApi != null) {
            workloadApi.updateNode(node);
        }
    }

    private WorkloadApi workload() {
        if (closed) {
            throw new IllegalStateException("cluster " + name() + " is closed");
        }
        if (workloadApi == null) {
            workloadApi = WorkloadApi.start(this);
        }
        return workloadApi;
    }

    void addNode(SimulatedNode node) {
        nodes.add(node);
    }

    void pki(Map<CertificateAuthority, X509Certificate> authorityCertificates, ClusterSecrets clusterSecrets) {
        this.authorities = Map.copyOf(authorityCertificates);
        this.secrets = clusterSecrets;
    }

    ClusterSecrets secrets() {
        return secrets;
    }

    void apiserverUrl(String url) {
        this.apiserverUrl = url;
    }

    synchronized boolean workloadApiStarted() {
        return workloadApi != null;
    }

    synchronized void close() {
        closed = true;
        nodes.forEach(n -> n.endpoints().forEach(TlsEndpoint::close));
        if (workloadApi != null) {
            workloadApi.close();
            workloadApi = null;
        }
    }

    @Override
    public String toString() {
        return "SimulatedCluster[" + name() + ", " + flavour() + ", " + kubernetesVersion() + ", "
                + controlPlaneNodes().size() + " control plane, " + workers().size() + " workers]";
    }
}

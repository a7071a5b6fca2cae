package io.certfleet.scanner.domain.inventory;

import java.util.List;

/** Which component serves a TLS endpoint, and where that component's certificate lives on its node. */
public enum EndpointComponent {
    /** kube-apiserver, usually 6443. */
    APISERVER(6443, List.of("/etc/kubernetes/pki/apiserver.crt")),
    /** etcd client port, usually 2379. */
    ETCD(2379, List.of("/etc/kubernetes/pki/etcd/server.crt")),
    /** The kubelet, 10250: its serving certificate is self-signed or CSR-signed. */
    KUBELET(10250, List.of("/var/lib/kubelet/pki/kubelet-server-current.pem", "/var/lib/kubelet/pki/kubelet.crt"));

    private final int defaultPort;
    private final List<String> diskLocations;

    EndpointComponent(int defaultPort, List<String> diskLocations) {
        this.defaultPort = defaultPort;
        this.diskLocations = diskLocations;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Where the served certificate should come from on the node, most specific first. */
    public List<String> diskLocations() {
        return diskLocations;
    }
}

package io.certfleet.pki.kubeadm;

import java.util.Objects;

/**
 * What fills the placeholders of the requirements table for one node: {@code <hostname>},
 * {@code <Host_IP>}, {@code <advertise_IP>} and {@code <nodeName>}.
 *
 * @param nodeName the Kubernetes Node name (also the hostname kubeadm puts in SANs)
 * @param hostIp the node's address
 * @param advertiseIp the API server advertise address (usually the host IP, or a load balancer)
 * @param serviceIp the first address of the service CIDR ({@code 10.96.0.1} by default)
 * @param clusterDomain the cluster DNS domain ({@code cluster.local} by default)
 */
public record NodeIdentity(String nodeName, String hostIp, String advertiseIp, String serviceIp, String clusterDomain) {

    public NodeIdentity {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(advertiseIp, "advertiseIp");
        Objects.requireNonNull(serviceIp, "serviceIp");
        Objects.requireNonNull(clusterDomain, "clusterDomain");
    }

    /** kubeadm's defaults: advertise address = host address, service IP 10.96.0.1, domain cluster.local. */
    public static NodeIdentity of(String nodeName, String hostIp) {
        return new NodeIdentity(nodeName, hostIp, hostIp, "10.96.0.1", "cluster.local");
    }
}

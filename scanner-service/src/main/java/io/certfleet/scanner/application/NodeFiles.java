package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.scan.SourceReading;

/**
 * Reads the certificates in one node's files: the kubeadm PKI ({@code /etc/kubernetes/pki}), the kubeconfig files
 * ({@code /etc/kubernetes/*.conf}), the kubelet's certificates ({@code /var/lib/kubelet/pki}, the
 * {@code kubelet-client-current.pem} symlink) and the kubelet's {@code rotateCertificates} setting.
 *
 * <p>This is the scanner's view of the {@code NodeExecutor} port of node-agent (DESIGN §4): one adapter per way of
 * reaching a node (local directory, Kubernetes Job, SSH). Locations are paths as seen on the node. Never throws for a
 * node it cannot read: that is an unreachable {@link SourceReading}.
 */
public interface NodeFiles {

    SourceReading read(Cluster cluster, ClusterNode node);
}

package io.certfleet.events;

import java.util.List;

/**
 * One certificate observed at one location during one scan. Emitted by scanner-service for every certificate it
 * reads, on topic {@link Topics#CERTIFICATES}.
 *
 * @param scanId the scan this observation belongs to (see {@link ScanCompleted})
 * @param clusterId the cluster; also the event subject and Kafka key
 * @param nodeName the node, for node-local sources; absent for cluster-level sources
 * @param sourceKind what kind of source it was read from
 * @param location path, {@code secret:<namespace>/<name>}, {@code https://host:port}, CSR name, ...
 * @param kubeadmName the kubeadm name when it has one, e.g. {@code apiserver-etcd-client}
 * @param index position of the certificate in its source (0 for the first certificate of a bundle or chain)
 * @param certificateAuthority the kubeadm CA that should have signed it, e.g. {@code ca}, {@code etcd-ca}, {@code
 *     front-proxy-ca}
 * @param externallyManaged whether certfleet must not renew it itself (external CA, cert-manager, ...)
 * @param certificate the certificate's public facts
 * @param findings lint findings, empty when none
 */
public record CertScanned(
        String scanId,
        String clusterId,
        @OptionalField String nodeName,
        SourceKind sourceKind,
        String location,
        @OptionalField String kubeadmName,
        int index,
        @OptionalField String certificateAuthority,
        boolean externallyManaged,
        CertificateFacts certificate,
        List<Finding> findings)
        implements EventData {
    public CertScanned {
        Fields.text(scanId, "scanId");
        Fields.text(clusterId, "clusterId");
        Fields.optionalText(nodeName, "nodeName");
        Fields.required(sourceKind, "sourceKind");
        Fields.text(location, "location");
        Fields.optionalText(kubeadmName, "kubeadmName");
        Fields.nonNegative(index, "index");
        Fields.optionalText(certificateAuthority, "certificateAuthority");
        Fields.required(certificate, "certificate");
        findings = Fields.list(findings, "findings");
    }
}

package io.certfleet.events;

import java.util.List;

/**
 * What was checked on a node after renewing its certificates.
 *
 * @param servedCertificateChanged whether a TLS handshake now shows the new certificate (not a stale process)
 * @param apiReachable whether an API call through the node's API server succeeded
 * @param restartedComponents static pods or services restarted, e.g. {@code kube-apiserver}, {@code etcd}
 * @param detail a human-readable note, e.g. what did not verify
 */
public record RenewalVerification(
        boolean servedCertificateChanged,
        boolean apiReachable,
        List<String> restartedComponents,
        @OptionalField String detail) {
    public RenewalVerification {
        restartedComponents = Fields.list(restartedComponents, "restartedComponents");
    }
}

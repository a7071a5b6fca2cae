/**
 * Checking certificates against the Kubernetes PKI requirements (seed 003) as {@code
 * io.certfleet.pki.kubeadm} encodes them: {@link io.certfleet.pki.lint.CertificateLint}.
 */
package io.certfleet.pki.lint;

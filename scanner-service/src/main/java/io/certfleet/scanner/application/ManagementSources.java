package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.scan.SourceReading;

/**
 * The sources a cluster's management side holds: Secrets in the management cluster ({@code <c>-ca}, {@code -etcd},
 * {@code -proxy}, {@code -sa}, {@code -kubeconfig}, kubernetes.io/tls), trust bundles (TKG {@code
 * TkgServiceConfiguration.spec.trust.additionalTrustedCAs}, seed 002), and the workload cluster's issued
 * CertificateSigningRequests (reached with the {@code <c>-kubeconfig} credentials, which never leave the adapter).
 * Private keys are never read; a {@code <c>-ssh} Secret is never opened.
 */
public interface ManagementSources {

    SourceReading secrets(Cluster cluster);

    SourceReading trustBundles(Cluster cluster);

    SourceReading certificateSigningRequests(Cluster cluster);
}

/**
 * Finding certificates in the places clusters keep them: PEM, DER, PKCS#7, PKCS#12, kubeconfig files,
 * Kubernetes Secrets ({@link io.certfleet.pki.read.CertificateReader}), and whole trees of files
 * ({@link io.certfleet.pki.read.PathScanner}). Bad input is reported, never thrown; private keys are
 * skipped without being decoded.
 */
package io.certfleet.pki.read;

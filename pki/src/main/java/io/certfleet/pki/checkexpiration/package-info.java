/**
 * {@code kubeadm certs check-expiration} from a node's files ({@link
 * io.certfleet.pki.checkexpiration.CheckExpiration}), the {@code scan} report ({@link
 * io.certfleet.pki.checkexpiration.ScanReport}) and their renderings: kubeadm's tables ({@link
 * io.certfleet.pki.checkexpiration.ReportTables}) and the JSON/YAML documents ({@link
 * io.certfleet.pki.checkexpiration.ReportDocuments}).
 */
package io.certfleet.pki.checkexpiration;

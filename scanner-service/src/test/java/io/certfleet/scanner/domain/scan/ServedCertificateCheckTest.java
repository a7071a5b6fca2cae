package io.certfleet.scanner.domain.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.FindingSeverity;
import io.certfleet.events.SourceKind;
import io.certfleet.scanner.domain.inventory.EndpointComponent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServedCertificateCheckTest {
    private static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");
    private static final CertificateFacts RENEWED = Certificates.facts('b', NOT_AFTER);
    private static final CertificateFacts OLD = Certificates.facts('a', Instant.parse("2026-11-25T00:00:00Z"));
    private static final String URL = "https://10.0.0.11:6443";

    @Test
    void componentNotRestartedAfterRenewalIsFlagged() {
        ObservedCertificate served = Certificates.onNode("cp-1", SourceKind.TLS_ENDPOINT, URL, 0, OLD);
        List<ObservedCertificate> disk = List.of(
                Certificates.onNode("cp-1", SourceKind.NODE_FILE, "/etc/kubernetes/pki/apiserver.crt", 0, RENEWED),
                Certificates.onNode("cp-1", SourceKind.NODE_FILE, "/etc/kubernetes/pki/etcd/server.crt", 0, OLD));

        ServedCertificateCheck.Comparison comparison =
                ServedCertificateCheck.compare(EndpointComponent.APISERVER, served, disk);

        assertThat(comparison).isInstanceOf(ServedCertificateCheck.Differs.class);
        ServedCertificateCheck.Differs differs = (ServedCertificateCheck.Differs) comparison;
        assertThat(differs.finding().code()).isEqualTo(ScannerFindings.SERVED_CERTIFICATE_DIFFERS);
        assertThat(differs.finding().severity()).isEqualTo(FindingSeverity.ERROR);
        assertThat(differs.finding().message())
                .contains(URL, "/etc/kubernetes/pki/apiserver.crt", "aaaaaaaaaaaa", "bbbbbbbbbbbb", "restart");
    }

    @Test
    void servingTheFileOnDiskMatches() {
        ObservedCertificate served = Certificates.onNode("cp-1", SourceKind.TLS_ENDPOINT, URL, 0, OLD);
        List<ObservedCertificate> disk = List.of(
                Certificates.onNode("cp-1", SourceKind.NODE_FILE, "/etc/kubernetes/pki/etcd/server.crt", 0, OLD));

        assertThat(ServedCertificateCheck.compare(EndpointComponent.ETCD, served, disk))
                .isInstanceOf(ServedCertificateCheck.Matches.class);
    }

    @Test
    void kubeletServingPrefersTheRotatedFile() {
        ObservedCertificate served = Certificates.onNode("w-1", SourceKind.TLS_ENDPOINT, URL, 0, RENEWED);
        List<ObservedCertificate> disk = List.of(
                Certificates.onNode("w-1", SourceKind.NODE_FILE, "/var/lib/kubelet/pki/kubelet.crt", 0, OLD),
                Certificates.onNode(
                        "w-1", SourceKind.NODE_FILE, "/var/lib/kubelet/pki/kubelet-server-current.pem", 0, RENEWED));

        assertThat(ServedCertificateCheck.compare(EndpointComponent.KUBELET, served, disk))
                .isInstanceOf(ServedCertificateCheck.Matches.class);
    }

    @Test
    void nothingOnDiskIsNotComparable() {
        ObservedCertificate served = Certificates.onNode("cp-1", SourceKind.TLS_ENDPOINT, URL, 0, OLD);

        assertThat(ServedCertificateCheck.compare(EndpointComponent.APISERVER, served, List.of()))
                .isInstanceOf(ServedCertificateCheck.NotComparable.class);
    }
}

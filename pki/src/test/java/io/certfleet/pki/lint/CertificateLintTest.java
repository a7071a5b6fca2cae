package io.certfleet.pki.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.CertificateInspector;
import io.certfleet.pki.inspect.Finding;
import io.certfleet.pki.inspect.FindingSeverity;
import io.certfleet.pki.inspect.Inspection;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.testing.TestCertificates;
import io.certfleet.pki.testing.TestCertificates.Issued;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateLintTest {
    private static final NodeIdentity NODE = NodeIdentity.of("cp-1", "10.0.0.10");
    private static final Issued CA =
            TestCertificates.certificate("CN=kubernetes").ca().build();

    private static CertificateFacts facts(Issued issued) {
        return ((Inspection.Parsed) CertificateInspector.inspect(issued.der()))
                .certificate()
                .facts();
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    private static Issued apiserver(String... sans) {
        return TestCertificates.certificate("CN=kube-apiserver")
                .serverAuth()
                .san(sans)
                .signedBy(CA)
                .rsa()
                .build();
    }

    @Test
    void aConformingApiserverHasNoFindings() {
        String[] sans = KubeadmCertificate.APISERVER.requiredSans(NODE).toArray(String[]::new);
        assertThat(CertificateLint.lint(facts(apiserver(sans)), KubeadmCertificate.APISERVER, Optional.of(NODE)))
                .isEmpty();
    }

    @Test
    void missingSansAreErrorsAndNodeSpecificOnesNeedTheNode() {
        Issued partial = apiserver("DNS:kubernetes", "DNS:kubernetes.default", "IP:10.96.0.1");
        List<Finding> withNode = CertificateLint.lint(facts(partial), KubeadmCertificate.APISERVER, Optional.of(NODE));
        assertThat(withNode)
                .filteredOn(f -> f.code().equals("MISSING_SAN"))
                .extracting(Finding::message)
                .contains(
                        "apiserver lacks the SAN DNS:kubernetes.default.svc",
                        "apiserver lacks the SAN IP:10.0.0.10",
                        "apiserver lacks the SAN DNS:cp-1");
        assertThat(withNode).allSatisfy(f -> assertThat(f.severity()).isEqualTo(FindingSeverity.ERROR));

        List<Finding> withoutNode =
                CertificateLint.lint(facts(partial), KubeadmCertificate.APISERVER, Optional.empty());
        assertThat(withoutNode)
                .extracting(Finding::message)
                .containsExactly("apiserver lacks the SAN DNS:kubernetes.default.svc");
    }

    @Test
    void clientIdentityAndUsage() {
        Issued wrong = TestCertificates.certificate("CN=someone,O=developers")
                .serverAuth()
                .signedBy(CA)
                .build();
        List<Finding> findings = CertificateLint.lint(facts(wrong), KubeadmCertificate.ADMIN_CONF, Optional.empty());
        assertThat(codes(findings))
                .containsExactlyInAnyOrder("COMMON_NAME_MISMATCH", "ORGANIZATION_MISMATCH", "MISSING_CLIENT_AUTH");
        assertThat(findings)
                .filteredOn(f -> f.code().equals("ORGANIZATION_MISMATCH"))
                .singleElement()
                .extracting(Finding::message)
                .isEqualTo("admin.conf has O developers; expected system:masters or kubeadm:cluster-admins");

        Issued admin = TestCertificates.certificate("CN=kubernetes-admin,O=kubeadm:cluster-admins")
                .clientAuth()
                .signedBy(CA)
                .build();
        assertThat(CertificateLint.lint(facts(admin), KubeadmCertificate.ADMIN_CONF, Optional.empty()))
                .isEmpty();
    }

    @Test
    void nodeCertificatesMatchTheirTemplates() {
        Issued kubelet = TestCertificates.certificate("CN=system:node:worker-7,O=system:nodes")
                .clientAuth()
                .signedBy(CA)
                .build();
        assertThat(CertificateLint.lint(facts(kubelet), KubeadmCertificate.KUBELET_CLIENT, Optional.empty()))
                .isEmpty();
        assertThat(codes(CertificateLint.lint(facts(kubelet), KubeadmCertificate.KUBELET_CLIENT, Optional.of(NODE))))
                .containsExactly("COMMON_NAME_MISMATCH");
    }

    @Test
    void etcdServerNamedAfterItsNodeIsAccepted() {
        Issued etcd = TestCertificates.certificate("CN=cp-1")
                .serverAuth()
                .clientAuth()
                .san("DNS:cp-1", "DNS:localhost", "IP:10.0.0.10", "IP:127.0.0.1")
                .signedBy(CA)
                .build();
        assertThat(CertificateLint.lint(facts(etcd), KubeadmCertificate.ETCD_SERVER, Optional.empty()))
                .isEmpty();
        assertThat(CertificateLint.lint(facts(etcd), KubeadmCertificate.ETCD_SERVER, Optional.of(NODE)))
                .isEmpty();

        Issued noLoopback = TestCertificates.certificate("CN=cp-1")
                .serverAuth()
                .clientAuth()
                .san("DNS:cp-1")
                .signedBy(CA)
                .build();
        assertThat(CertificateLint.lint(facts(noLoopback), KubeadmCertificate.ETCD_PEER, Optional.empty()))
                .extracting(Finding::message)
                .containsExactly("etcd-peer lacks the SAN DNS:localhost", "etcd-peer lacks the SAN IP:127.0.0.1");
    }

    @Test
    void authorities() {
        assertThat(CertificateLint.lintAuthority(facts(CA), CertificateAuthority.CA))
                .isEmpty();
        Issued notCa = TestCertificates.certificate("CN=etcd-ca").build();
        assertThat(codes(CertificateLint.lintAuthority(facts(notCa), CertificateAuthority.ETCD_CA)))
                .contains("NOT_A_CA", "MISSING_KEY_CERT_SIGN");
        assertThat(codes(CertificateLint.lintAuthority(facts(CA), CertificateAuthority.FRONT_PROXY_CA)))
                .containsExactly("UNEXPECTED_CA_COMMON_NAME");
    }

    @Test
    void theKubeletsOwnServingCertificateNameIsNotAMismatch() {
        Issued selfSigned = TestCertificates.certificate("CN=cp-1@1732435200")
                .serverAuth()
                .san("DNS:cp-1", "IP:10.0.0.10")
                .signedBy(CA)
                .build();
        assertThat(codes(
                        CertificateLint.lint(facts(selfSigned), KubeadmCertificate.KUBELET_SERVING, Optional.of(NODE))))
                .doesNotContain("COMMON_NAME_MISMATCH");

        Issued otherHost = TestCertificates.certificate("CN=cp-2@1732435200")
                .serverAuth()
                .san("DNS:cp-1", "IP:10.0.0.10")
                .signedBy(CA)
                .build();
        assertThat(codes(CertificateLint.lint(facts(otherHost), KubeadmCertificate.KUBELET_SERVING, Optional.of(NODE))))
                .contains("COMMON_NAME_MISMATCH");
    }
}

package io.certfleet.renewal.domain.csr;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.renewal.adapter.out.CertificateRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seed 004: approve a kubelet-serving CSR only after checking the requester, the CN and every SAN against the Node. */
class KubeletServingCsrReviewTest {
    private static final String WORKER = "system:node:worker-1";
    private static final String SUBJECT = "O=system:nodes,CN=" + WORKER;
    private static final List<String> OWN_NAMES = List.of("DNS:worker-1", "DNS:worker-1.lan", "IP:10.0.0.21");
    private static final List<String> USAGES = List.of("digital signature", "key encipherment", "server auth");
    private static final NodeAddresses NODE =
            new NodeAddresses("worker-1", Set.of("worker-1", "worker-1.lan"), Set.of("10.0.0.21"));

    private final KubeletServingCsrReview review = new KubeletServingCsrReview(Duration.ofDays(365));

    @Test
    void approvesANodeAskingForItsOwnNames() {
        CsrVerdict verdict = review.review(csr(SUBJECT, OWN_NAMES), Optional.of(NODE));

        assertThat(verdict).isInstanceOf(CsrVerdict.Approve.class);
        assertThat(verdict.reason()).contains("node worker-1 asks for its own names");
    }

    @Test
    void deniesAnotherSigner() {
        ServingCsr csr = new ServingCsr(
                "csr-1",
                "kubernetes.io/kube-apiserver-client-kubelet",
                WORKER,
                List.of("system:nodes", "system:authenticated"),
                USAGES,
                OptionalLong.empty(),
                facts(SUBJECT, OWN_NAMES));

        assertDenied(
                review.review(csr, Optional.of(NODE)),
                "signer kubernetes.io/kube-apiserver-client-kubelet is not kubernetes.io/kubelet-serving");
    }

    @Test
    void deniesACommonNameOtherThanTheRequester() {
        assertDenied(
                review.review(csr("O=system:nodes,CN=system:node:control-plane-1", OWN_NAMES), Optional.of(NODE)),
                "CN system:node:control-plane-1 is not the requester system:node:worker-1");
    }

    @Test
    void deniesADnsNameOfAnotherNode() {
        assertDenied(
                review.review(csr(SUBJECT, List.of("DNS:worker-1", "DNS:control-plane-1")), Optional.of(NODE)),
                "SANs [DNS:control-plane-1] do not belong to node worker-1");
    }

    @Test
    void deniesAnIpAddressOfAnotherNode() {
        assertDenied(
                review.review(csr(SUBJECT, List.of("DNS:worker-1", "IP:10.0.0.11")), Optional.of(NODE)),
                "SANs [IP:10.0.0.11] do not belong to node worker-1");
    }

    @Test
    void deniesARequesterWhoseNodeDoesNotExist() {
        assertDenied(
                review.review(csr(SUBJECT, OWN_NAMES), Optional.empty()),
                "requester system:node:worker-1 names node worker-1, which does not exist");
    }

    @Test
    void deniesAnOverLongExpiry() {
        ServingCsr csr = new ServingCsr(
                "csr-1",
                KubeletServingCsrReview.SIGNER,
                WORKER,
                List.of("system:nodes"),
                USAGES,
                OptionalLong.of(Duration.ofDays(3650).toSeconds()),
                facts(SUBJECT, OWN_NAMES));

        assertDenied(review.review(csr, Optional.of(NODE)), "requested duration 3650d exceeds the cap of 365d");
        ServingCsr withinCap = new ServingCsr(
                "csr-2",
                KubeletServingCsrReview.SIGNER,
                WORKER,
                List.of("system:nodes"),
                USAGES,
                OptionalLong.of(Duration.ofDays(90).toSeconds()),
                facts(SUBJECT, OWN_NAMES));
        assertThat(review.review(withinCap, Optional.of(NODE))).isInstanceOf(CsrVerdict.Approve.class);
    }

    @Test
    void deniesWhatIsNotShapedLikeAKubeletServingRequest() {
        assertDenied(
                review.review(csr("O=system:masters,CN=" + WORKER, OWN_NAMES), Optional.of(NODE)),
                "subject must be exactly O=system:nodes");
        assertDenied(
                review.review(csr(SUBJECT, List.of("DNS:worker-1", "URI:spiffe://cluster/ns/x")), Optional.of(NODE)),
                "SANs of a kind a kubelet does not serve: [URI:spiffe://cluster/ns/x]");
        assertDenied(review.review(csr(SUBJECT, List.of()), Optional.of(NODE)), "no DNS or IP SAN");
        ServingCsr clientAuth = new ServingCsr(
                "csr-1",
                KubeletServingCsrReview.SIGNER,
                WORKER,
                List.of("system:nodes"),
                List.of("digital signature", "server auth", "client auth"),
                OptionalLong.empty(),
                facts(SUBJECT, OWN_NAMES));
        assertDenied(review.review(clientAuth, Optional.of(NODE)), "usages [client auth] are not for a serving");
        ServingCsr notANode = new ServingCsr(
                "csr-1",
                KubeletServingCsrReview.SIGNER,
                "alice",
                List.of("system:authenticated"),
                USAGES,
                OptionalLong.empty(),
                facts(SUBJECT, OWN_NAMES));
        assertDenied(review.review(notANode, Optional.of(NODE)), "requester alice is not a node");
        ServingCsr garbage = new ServingCsr(
                "csr-1",
                KubeletServingCsrReview.SIGNER,
                WORKER,
                List.of("system:nodes"),
                USAGES,
                OptionalLong.empty(),
                CertificateRequests.read("not a CSR".getBytes(StandardCharsets.UTF_8)));
        assertDenied(review.review(garbage, Optional.of(NODE)), "not a readable PKCS#10");
    }

    @Test
    void deniesARequestWhoseSignatureDoesNotVerify() {
        String pem = TestCsrs.pem(SUBJECT, OWN_NAMES);
        byte[] der = java.util.Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        der[der.length - 5] ^= 0x01; // a flipped bit in the signature
        ServingCsr tampered = new ServingCsr(
                "csr-1",
                KubeletServingCsrReview.SIGNER,
                WORKER,
                List.of("system:nodes"),
                USAGES,
                OptionalLong.empty(),
                CertificateRequests.read(der));

        assertDenied(review.review(tampered, Optional.of(NODE)), "signature does not verify");
    }

    private static void assertDenied(CsrVerdict verdict, String reason) {
        assertThat(verdict).isInstanceOf(CsrVerdict.Deny.class);
        assertThat(verdict.reason()).contains(reason);
    }

    private static ServingCsr csr(String subject, List<String> sans) {
        return new ServingCsr(
                "csr-1",
                KubeletServingCsrReview.SIGNER,
                WORKER,
                List.of("system:nodes", "system:authenticated"),
                USAGES,
                OptionalLong.empty(),
                facts(subject, sans));
    }

    private static Optional<CertificateRequestFacts> facts(String subject, List<String> sans) {
        Optional<CertificateRequestFacts> facts =
                CertificateRequests.read(TestCsrs.pem(subject, sans).getBytes(StandardCharsets.US_ASCII));
        assertThat(facts).isPresent();
        return facts;
    }
}

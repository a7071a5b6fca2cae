package io.certfleet.renewal.application;

import io.certfleet.renewal.application.ClusterProfile.ManagementRef;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * REFRESH_KUBECONFIG of an external-CA cluster (seed 004): the admin identity of {@code <cluster>-kubeconfig} is signed
 * by the organisation's CA, so its new certificate comes from the external signer too.
 *
 * <p>First run: a new key and a CSR with the Secret's current identity are made here; the key is kept as the pending
 * Secret beside the kubeconfig one ({@link ManagementCluster#keepPendingClientKey}), then the CSR (public) goes to the
 * signer. Later runs poll it; once issued, the certificate is checked against the CSR (same key, same identity, valid,
 * client auth), put with the key into the kubeconfig Secret, and the pending Secret is removed. A refusal, or no
 * certificate within {@code signing-timeout}, fails the step and removes the pending key; the Secret keeps its old
 * credentials. Every run can be interrupted and repeated: the key is stored before anything is asked for it.
 */
@Singleton
public class ExternalAdminCredentials {
    /** kubeadm name of the certificate the request stands for. */
    static final String NAME = "admin-kubeconfig";

    private static final List<String> CLIENT_USAGES = List.of("digital signature", "key encipherment", "client auth");

    private final ManagementCluster management;
    private final ExternalSigner signer;
    private final ClientKeys keys;
    private final ExternalCaSettings external;
    private final RenewalSettings settings;
    private final Clock clock;

    public ExternalAdminCredentials(
            ManagementCluster management,
            ExternalSigner signer,
            ClientKeys keys,
            ExternalCaSettings external,
            RenewalSettings settings,
            Clock clock) {
        this.management = management;
        this.signer = signer;
        this.keys = keys;
        this.external = external;
        this.settings = settings;
        this.clock = clock;
    }

    public StepOutcome refresh(Renewal renewal, ClusterProfile cluster, ManagementRef ref) {
        String secret = ref.namespace() + "/" + ref.name() + "-kubeconfig";
        Instant now = clock.instant();
        Optional<ManagementCluster.PendingClientKey> pending = management.pendingClientKey(ref);
        if (pending.isEmpty()) {
            Optional<ManagementCluster.ClientIdentity> identity = management.clientIdentity(ref);
            if (identity.isEmpty()) {
                return new StepOutcome.Skipped("no Secret " + secret + " in the management cluster");
            }
            if (identity.get().commonName().isBlank()) {
                return new StepOutcome.Failed(
                        FailureReason.INVALID_INPUT,
                        "REFRESH_KUBECONFIG: the client certificate of " + secret
                                + " has no CN: no user name to ask the external CA to certify");
            }
            ClientKeys.NewKey made = keys.newKey(identity.get());
            ManagementCluster.PendingClientKey kept = management.keepPendingClientKey(
                    ref,
                    new ManagementCluster.PendingClientKey(reference(renewal), made.privateKey(), made.csr(), now));
            signer.submit(cluster, request(renewal, cluster, kept));
            return new StepOutcome.Waiting(
                    now.plus(external.pollInterval()),
                    "the client certificate of " + secret + " ("
                            + identity.get().commonName() + ") was sent to " + signer.kind() + " as "
                            + kept.reference());
        }
        ManagementCluster.PendingClientKey key = pending.get();
        SigningRequest request = request(renewal, cluster, key);
        // submitting again is a no-op at the signer unless the first submit was interrupted before it reached it
        signer.submit(cluster, request);
        return switch (signer.status(cluster, request)) {
            case ExternalSigner.Signing.Issued issued -> install(ref, secret, key, issued.certificate(), now);
            case ExternalSigner.Signing.Refused refused -> {
                management.deletePendingClientKey(ref);
                yield new StepOutcome.Failed(
                        FailureReason.POLICY,
                        "REFRESH_KUBECONFIG: the client certificate of " + secret + " was refused by " + signer.kind()
                                + ": " + refused.reason() + "; " + secret + " keeps its credentials");
            }
            case ExternalSigner.Signing.Pending waiting -> {
                if (now.isAfter(key.requestedAt().plus(external.signingTimeout()))) {
                    management.deletePendingClientKey(ref);
                    yield new StepOutcome.Failed(
                            FailureReason.POLICY,
                            "REFRESH_KUBECONFIG: the client certificate of " + secret + " was not signed within "
                                    + external.signingTimeout() + " (" + waiting.note() + "); " + secret
                                    + " keeps its credentials");
                }
                yield new StepOutcome.Waiting(now.plus(external.pollInterval()), waiting.note());
            }
        };
    }

    private StepOutcome install(
            ManagementRef ref, String secret, ManagementCluster.PendingClientKey key, String certificate, Instant now) {
        Optional<String> problem = keys.problem(certificate, key.csr(), now);
        if (problem.isPresent()) {
            management.deletePendingClientKey(ref);
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT,
                    "REFRESH_KUBECONFIG: " + signer.kind() + " issued a certificate for " + secret
                            + " that does not fit its request: " + problem.get() + "; " + secret
                            + " keeps its credentials");
        }
        Optional<ManagementCluster.KubeconfigUpdate> update = management.replaceClientCredentials(
                ref, new AdminCredentials.Credentials(base64(certificate), base64(key.privateKey())));
        if (update.isEmpty()) {
            management.deletePendingClientKey(ref);
            return new StepOutcome.Skipped("no Secret " + secret + " in the management cluster any more");
        }
        // only once the kubeconfig holds it: an interruption before this finds the key and installs it again
        management.deletePendingClientKey(ref);
        return new StepOutcome.Done(new StepResult.KubeconfigRefreshed(
                update.get().secret(),
                update.get().clientCertificateSha256(),
                update.get().changed()));
    }

    private SigningRequest request(Renewal renewal, ClusterProfile cluster, ManagementCluster.PendingClientKey key) {
        return new SigningRequest(
                key.reference(),
                NAME,
                "ca",
                external.signerName("ca"),
                key.csr(),
                CLIENT_USAGES,
                Duration.ofDays(settings.validityDays()).toSeconds(),
                Map.of(
                        ExternalSigner.LABEL_RENEWAL, renewal.id().toString(),
                        ExternalSigner.LABEL_CLUSTER, cluster.id()));
    }

    private String reference(Renewal renewal) {
        // one per attempt of the refresh: a pending key removed after a refusal is never asked for again
        return ("certfleet-" + KubeadmSteps.shortId(renewal) + "-" + NAME + "-" + clock.millis())
                .toLowerCase(Locale.ROOT);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}

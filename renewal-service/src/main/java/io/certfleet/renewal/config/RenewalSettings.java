package io.certfleet.renewal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * renewal-service settings, under {@code certfleet.renewal}. Defaults are applied here, once.
 *
 * @param approvalRequired whether renewals wait for a person's approval, for clusters no rule decides it for; true
 *     until the fleet's owners trust automatic renewal
 * @param maintenanceWindows the default maintenance windows ({@code Sat 02:00-06:00 UTC}); none means any time
 * @param expiryMargin a renewal is not postponed to a window opening later than this before expiry
 * @param inventoryFile the inventory YAML (the scanner's format: {@code clusters: [{id, flavour, labels, management,
 *     localRoot, nodes: [{name, role, address, endpoints}]}]}); without it no renewal can run
 * @param localNodeRoot for local node access: the directory with {@code <cluster>/<node>/} trees, for clusters whose
 *     inventory entry names no {@code localRoot}
 * @param instanceId this instance's name in leases; default host name plus a random suffix
 * @param workerEnabled whether this instance runs renewals (an API-only instance turns it off)
 * @param workerInterval how often due renewals are looked for
 * @param leaseDuration a claimed renewal is this instance's for this long, extended while it runs; after a crash
 *     another instance resumes it once the lease ran out
 * @param maxConcurrentRenewals renewals (of different clusters) this instance runs at once
 * @param maxStepAttempts how many times a step may be started before its renewal fails
 * @param retryBackoff the wait after a retryable failure, doubled each time
 * @param maxRetryBackoff the longest such wait
 * @param validityDays validity of renewed certificates
 * @param restartTimeout how long a static pod may take to come back
 * @param verifyAttempts TLS handshakes tried per endpoint after the restart before the verification fails
 * @param verifyInterval between two of them
 * @param dependants DaemonSets restarted after a renewal ({@code namespace/name}), default {@code
 *     kube-system/etcd-defrag} (seed 001); those absent from a cluster are skipped
 * @param apiTimeout timeout of a Kubernetes API call
 * @param upgradeLeadTime an upgrade is expected to finish this long after it was planned
 * @param rolloutPollInterval how often a Cluster API rollout is looked at
 * @param rolloutTimeout how long a rollout may take before the renewal fails
 * @param rolloutBeforeCertificatesExpiryDays when set, a Cluster API rollout also sets the KubeadmControlPlane's {@code
 *     spec.rolloutBefore.certificatesExpiryDays} (where it is not set yet), so the controller keeps renewing by itself
 *     once certificates come that close to expiry; at least 7, as Cluster API requires
 */
@ConfigurationProperties("certfleet.renewal")
public record RenewalSettings(
        @Bindable(defaultValue = "true") boolean approvalRequired,
        @Nullable List<String> maintenanceWindows,
        @Bindable(defaultValue = "2d") Duration expiryMargin,
        @Nullable String inventoryFile,
        @Nullable String localNodeRoot,
        @Nullable String instanceId,
        @Bindable(defaultValue = "true") boolean workerEnabled,
        @Bindable(defaultValue = "1s") Duration workerInterval,
        @Bindable(defaultValue = "30s") Duration leaseDuration,
        @Bindable(defaultValue = "4") int maxConcurrentRenewals,
        @Bindable(defaultValue = "5") int maxStepAttempts,
        @Bindable(defaultValue = "10s") Duration retryBackoff,
        @Bindable(defaultValue = "5m") Duration maxRetryBackoff,
        @Bindable(defaultValue = "365") int validityDays,
        @Bindable(defaultValue = "120s") Duration restartTimeout,
        @Bindable(defaultValue = "20") int verifyAttempts,
        @Bindable(defaultValue = "500ms") Duration verifyInterval,
        @Nullable List<String> dependants,
        @Bindable(defaultValue = "10s") Duration apiTimeout,
        @Bindable(defaultValue = "2d") Duration upgradeLeadTime,
        @Bindable(defaultValue = "10s") Duration rolloutPollInterval,
        @Bindable(defaultValue = "2h") Duration rolloutTimeout,
        @Nullable Integer rolloutBeforeCertificatesExpiryDays) {

    public RenewalSettings {
        maintenanceWindows = maintenanceWindows == null ? List.of() : List.copyOf(maintenanceWindows);
        dependants = dependants == null ? List.of("kube-system/etcd-defrag") : List.copyOf(dependants);
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId;
        for (String dependant : dependants) {
            if (!dependant.matches("[a-z0-9.-]+/[a-z0-9.-]+")) {
                throw new IllegalArgumentException(
                        "certfleet.renewal.dependants: '" + dependant + "' is not namespace/name");
            }
        }
        positive(workerInterval, "worker-interval");
        positive(leaseDuration, "lease-duration");
        positive(retryBackoff, "retry-backoff");
        positive(maxRetryBackoff, "max-retry-backoff");
        positive(restartTimeout, "restart-timeout");
        positive(verifyInterval, "verify-interval");
        positive(apiTimeout, "api-timeout");
        positive(rolloutPollInterval, "rollout-poll-interval");
        positive(rolloutTimeout, "rollout-timeout");
        atLeastOne(maxConcurrentRenewals, "max-concurrent-renewals");
        atLeastOne(maxStepAttempts, "max-step-attempts");
        atLeastOne(validityDays, "validity-days");
        atLeastOne(verifyAttempts, "verify-attempts");
        if (rolloutBeforeCertificatesExpiryDays != null && rolloutBeforeCertificatesExpiryDays < 7) {
            throw new IllegalArgumentException(
                    "certfleet.renewal.rollout-before-certificates-expiry-days must be at least 7 (Cluster API's minimum)");
        }
    }

    public Optional<String> inventoryFilePath() {
        return Optional.ofNullable(inventoryFile).filter(f -> !f.isBlank());
    }

    public OptionalInt rolloutBeforeDays() {
        return rolloutBeforeCertificatesExpiryDays == null
                ? OptionalInt.empty()
                : OptionalInt.of(rolloutBeforeCertificatesExpiryDays);
    }

    public Optional<String> localNodeRootPath() {
        return Optional.ofNullable(localNodeRoot).filter(f -> !f.isBlank());
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "renewal";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("certfleet.renewal." + name + " must be a positive duration");
        }
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("certfleet.renewal." + name + " must be at least 1");
        }
    }
}

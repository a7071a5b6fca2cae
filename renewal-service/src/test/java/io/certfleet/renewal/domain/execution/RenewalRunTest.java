package io.certfleet.renewal.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.NodeCertificatesRenewed;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.events.RenewalVerification;
import io.certfleet.events.RenewedCertificate;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RenewalRunTest {
    private static final String SHA = "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e";
    private static final String NEW_SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final UUID ID = UUID.fromString("6f0c2a7e-1b3d-4c5e-8f9a-0b1c2d3e4f50");
    private static final RenewalRun.RetryPolicy RETRY =
            new RenewalRun.RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(25));

    @Test
    void kubeadmPlanKeepsEachNodesStepsTogetherThenTheClusterSteps() {
        List<RenewalStep> steps =
                RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of("cp-0", "cp-1", "cp-2"));

        assertThat(steps)
                .extracting(Object::toString)
                .containsExactly(
                        "1:BACKUP@cp-0[PENDING]",
                        "2:RENEW@cp-0[PENDING]",
                        "3:RESTART_STATIC_PODS@cp-0[PENDING]",
                        "4:VERIFY@cp-0[PENDING]",
                        "5:BACKUP@cp-1[PENDING]",
                        "6:RENEW@cp-1[PENDING]",
                        "7:RESTART_STATIC_PODS@cp-1[PENDING]",
                        "8:VERIFY@cp-1[PENDING]",
                        "9:BACKUP@cp-2[PENDING]",
                        "10:RENEW@cp-2[PENDING]",
                        "11:RESTART_STATIC_PODS@cp-2[PENDING]",
                        "12:VERIFY@cp-2[PENDING]",
                        "13:REFRESH_KUBECONFIG[PENDING]",
                        "14:RESTART_DEPENDANTS[PENDING]");
        assertThat(RenewalPlan.steps(ID, RenewalStrategy.CAPI_ROLLOUT, List.of()))
                .extracting(RenewalStep::kind)
                .containsExactly(StepKind.TRIGGER_ROLLOUT, StepKind.AWAIT_ROLLOUT, StepKind.VERIFY_ROLLOUT);
        assertThatThrownBy(() -> RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of()))
                .hasMessageContaining("no control-plane nodes");
        assertThatThrownBy(() -> RenewalPlan.steps(ID, RenewalStrategy.VIA_UPGRADE, List.of("cp-0")))
                .hasMessageContaining("VIA_UPGRADE has no step plan");
    }

    @Test
    void externalCaPlanSignsAndInstallsBetweenRenewAndRestartOnEachNode() {
        assertThat(RenewalPlan.steps(ID, RenewalStrategy.EXTERNAL_CA, List.of("cp-0", "cp-1")))
                .extracting(Object::toString)
                .containsExactly(
                        "1:BACKUP@cp-0[PENDING]",
                        "2:RENEW@cp-0[PENDING]",
                        "3:REQUEST_SIGNING@cp-0[PENDING]",
                        "4:AWAIT_SIGNING@cp-0[PENDING]",
                        "5:INSTALL@cp-0[PENDING]",
                        "6:RESTART_STATIC_PODS@cp-0[PENDING]",
                        "7:VERIFY@cp-0[PENDING]",
                        "8:BACKUP@cp-1[PENDING]",
                        "9:RENEW@cp-1[PENDING]",
                        "10:REQUEST_SIGNING@cp-1[PENDING]",
                        "11:AWAIT_SIGNING@cp-1[PENDING]",
                        "12:INSTALL@cp-1[PENDING]",
                        "13:RESTART_STATIC_PODS@cp-1[PENDING]",
                        "14:VERIFY@cp-1[PENDING]",
                        "15:REFRESH_KUBECONFIG[PENDING]",
                        "16:RESTART_DEPENDANTS[PENDING]");
    }

    @Test
    void scheduledRenewalStartsAndRunningOneResumesAtItsFirstUnfinishedStep() {
        List<RenewalStep> steps =
                new ArrayList<>(RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of("a", "b")));
        steps.set(0, in(steps.get(0), StepState.DONE));
        steps.set(1, in(steps.get(1), StepState.RUNNING)); // interrupted: runs again

        assertThat(RenewalRun.next(renewal(RenewalState.SCHEDULED, Optional.empty()), List.of()))
                .isInstanceOf(RenewalRun.Next.Start.class);
        assertThat(RenewalRun.next(renewal(RenewalState.RUNNING, Optional.empty()), steps))
                .isEqualTo(new RenewalRun.Next.RunStep(steps.get(1)));
        assertThat(RenewalRun.next(
                        renewal(RenewalState.RUNNING, Optional.empty()),
                        steps.stream().map(s -> in(s, StepState.DONE)).toList()))
                .isInstanceOf(RenewalRun.Next.Complete.class);
        assertThat(RenewalRun.next(renewal(RenewalState.AWAITING_APPROVAL, Optional.empty()), List.of()))
                .isInstanceOf(RenewalRun.Next.Idle.class);
    }

    @Test
    void cancelTakesEffectOnlyBetweenTwoNodes() {
        List<RenewalStep> steps =
                new ArrayList<>(RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of("a", "b")));
        Renewal cancelled = renewal(RenewalState.RUNNING, Optional.of("alice"));
        steps.set(0, in(steps.get(0), StepState.DONE));

        // node a is half renewed: it is finished first
        assertThat(RenewalRun.next(cancelled, steps)).isInstanceOf(RenewalRun.Next.RunStep.class);

        for (int i = 1; i < 4; i++) {
            steps.set(i, in(steps.get(i), StepState.DONE));
        }
        assertThat(RenewalRun.next(cancelled, steps)).isEqualTo(new RenewalRun.Next.Cancel("alice"));
        assertThat(RenewalRun.next(renewal(RenewalState.SCHEDULED, Optional.of("bob")), List.of()))
                .isEqualTo(new RenewalRun.Next.Cancel("bob"));
    }

    @Test
    void cancelStopsAnExternalCaRenewalThatWaitsForTheSignerButNotOnceItInstalls() {
        List<RenewalStep> steps =
                new ArrayList<>(RenewalPlan.steps(ID, RenewalStrategy.EXTERNAL_CA, List.of("a", "b")));
        Renewal cancelled = renewal(RenewalState.RUNNING, Optional.of("alice"));
        int awaiting = kindIndex(steps, StepKind.AWAIT_SIGNING);
        for (int i = 0; i < awaiting; i++) {
            steps.set(i, in(steps.get(i), StepState.DONE));
        }

        assertThat(RenewalRun.next(cancelled, steps)).isEqualTo(new RenewalRun.Next.CancelWhileSigning("alice", "a"));
        assertThat(RenewalRun.next(renewal(RenewalState.RUNNING, Optional.empty()), steps))
                .isEqualTo(new RenewalRun.Next.RunStep(steps.get(awaiting)));

        // signed: what comes next changes the node, and is finished first
        steps.set(awaiting, in(steps.get(awaiting), StepState.DONE));
        assertThat(RenewalRun.next(cancelled, steps))
                .isInstanceOfSatisfying(
                        RenewalRun.Next.RunStep.class,
                        run -> assertThat(run.step().kind()).isEqualTo(StepKind.INSTALL));
    }

    private static int kindIndex(List<RenewalStep> steps, StepKind kind) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() == kind) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " step");
    }

    @Test
    void retryableFailuresAreRetriedWithGrowingBackoffThenFailTheRenewal() {
        RenewalStep step = attempt(
                RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of("a"))
                        .get(2),
                1);
        StepOutcome unreachable = new StepOutcome.Failed(FailureReason.UNREACHABLE, "kube-apiserver NOT_REPLACED");

        assertThat(RenewalRun.after(step, unreachable, RETRY, NOW, Optional.of("/etc/kubernetes/tmp/b")))
                .isEqualTo(new RenewalRun.Transition.Retry(NOW.plusSeconds(10), "kube-apiserver NOT_REPLACED"));
        assertThat(RenewalRun.after(attempt(step, 2), unreachable, RETRY, NOW, Optional.empty()))
                .isEqualTo(new RenewalRun.Transition.Retry(NOW.plusSeconds(20), "kube-apiserver NOT_REPLACED"));
        assertThat(RenewalRun.after(attempt(step, 3), unreachable, RETRY, NOW, Optional.of("/etc/kubernetes/tmp/b")))
                .isEqualTo(new RenewalRun.Transition.Fail(new RenewalFailure(
                        "RESTART_STATIC_PODS",
                        Optional.of("a"),
                        "kube-apiserver NOT_REPLACED (gave up after 3 attempts)",
                        true,
                        Optional.of("/etc/kubernetes/tmp/b"))));
        assertThat(new RenewalRun.RetryPolicy(9, Duration.ofSeconds(10), Duration.ofSeconds(25)).nextAttempt(5, NOW))
                .isEqualTo(NOW.plusSeconds(25));
    }

    @Test
    void permanentFailureFailsAtOnceAndOtherOutcomesMapToTheirTransitions() {
        RenewalStep step = attempt(
                RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of("a"))
                        .get(1),
                1);

        assertThat(RenewalRun.after(
                        step, new StepOutcome.Failed(FailureReason.POLICY, "CA expired"), RETRY, NOW, Optional.empty()))
                .isInstanceOfSatisfying(RenewalRun.Transition.Fail.class, fail -> {
                    assertThat(fail.failure().retryable()).isFalse();
                    assertThat(fail.failure().reason()).isEqualTo("CA expired");
                });
        StepResult result = new StepResult.StaticPodsRestarted(List.of("etcd"));
        assertThat(RenewalRun.after(step, new StepOutcome.Done(result), RETRY, NOW, Optional.empty()))
                .isEqualTo(new RenewalRun.Transition.Finish(StepState.DONE, Optional.of(result), Optional.empty()));
        assertThat(RenewalRun.after(step, new StepOutcome.Skipped("no Secret"), RETRY, NOW, Optional.empty()))
                .isEqualTo(new RenewalRun.Transition.Finish(
                        StepState.SKIPPED, Optional.empty(), Optional.of("no Secret")));
        assertThat(RenewalRun.after(
                        step, new StepOutcome.Waiting(NOW.plusSeconds(5), "1 of 3"), RETRY, NOW, Optional.empty()))
                .isEqualTo(new RenewalRun.Transition.Wait(NOW.plusSeconds(5), "1 of 3"));
    }

    @Test
    void nodeEventIsBuiltFromItsStepsResults() {
        List<RenewalStep> steps =
                new ArrayList<>(RenewalPlan.steps(ID, RenewalStrategy.KUBEADM_IN_PLACE, List.of("a", "b")));
        RenewedCertificate apiserver = new RenewedCertificate(
                "apiserver", "/etc/kubernetes/pki/apiserver.crt", NOW, NOW.plus(Duration.ofDays(365)), NEW_SHA);
        RenewalVerification verification =
                new RenewalVerification(true, true, List.of("kube-apiserver", "etcd"), "serves the new one");
        steps.set(0, done(steps.get(0), new StepResult.BackupTaken("/etc/kubernetes/tmp/x", Map.of())));
        steps.set(1, done(steps.get(1), new StepResult.CertificatesRenewed(List.of(apiserver), List.of())));
        steps.set(3, done(steps.get(3), new StepResult.ServedCertificatesVerified(verification, List.of())));

        NodeCertificatesRenewed event =
                RenewalRun.nodeRenewed(renewal(RenewalState.RUNNING, Optional.empty()), "a", steps);

        assertThat(event.nodeName()).isEqualTo("a");
        assertThat(event.renewed()).containsExactly(apiserver);
        assertThat(event.backupLocation()).isEqualTo("/etc/kubernetes/tmp/x");
        assertThat(event.verification()).isEqualTo(verification);
        assertThat(RenewalRun.backupOf("b", steps)).isEmpty();
    }

    private static RenewalStep in(RenewalStep step, StepState state) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                state,
                step.attempts(),
                step.startedAt(),
                step.finishedAt(),
                step.result(),
                step.note());
    }

    private static RenewalStep attempt(RenewalStep step, int attempts) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.RUNNING,
                attempts,
                Optional.of(NOW),
                Optional.empty(),
                step.result(),
                step.note());
    }

    private static RenewalStep done(RenewalStep step, StepResult result) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.DONE,
                1,
                Optional.of(NOW),
                Optional.of(NOW),
                Optional.of(result),
                Optional.empty());
    }

    @Test
    void aStartFailureThatMayPassIsTriedAgainWithBackoffThenFails() {
        RenewalFailure unreachable = new RenewalFailure(
                "START", Optional.of("a"), "cannot scan a before starting: no node a", true, Optional.empty());
        Renewal renewal = renewal(RenewalState.SCHEDULED, Optional.empty());

        RenewalRun.StartTransition first = RenewalRun.afterStartFailure(renewal, unreachable, RETRY, NOW);
        assertThat(first)
                .isEqualTo(new RenewalRun.StartTransition.Retry(
                        1,
                        NOW.plusSeconds(10),
                        "START attempt 1 of 3 failed: cannot scan a before starting: no node a; next attempt at "
                                + NOW.plusSeconds(10)));
        Renewal once = renewal.toBuilder().startAttempts(1).build();
        assertThat(RenewalRun.afterStartFailure(once, unreachable, RETRY, NOW))
                .isInstanceOfSatisfying(RenewalRun.StartTransition.Retry.class, retry -> {
                    assertThat(retry.attempts()).isEqualTo(2);
                    assertThat(retry.at()).isEqualTo(NOW.plusSeconds(20));
                });
        Renewal twice = renewal.toBuilder().startAttempts(2).build();
        assertThat(RenewalRun.afterStartFailure(twice, unreachable, RETRY, NOW))
                .isEqualTo(new RenewalRun.StartTransition.Fail(new RenewalFailure(
                        "START",
                        Optional.of("a"),
                        "cannot scan a before starting: no node a (gave up after 3 attempts)",
                        true,
                        Optional.empty())));

        // a reason no later attempt changes fails at once, as it is
        RenewalFailure expiredCa = new RenewalFailure("START", Optional.empty(), "CA expired", false, Optional.empty());
        assertThat(RenewalRun.afterStartFailure(renewal, expiredCa, RETRY, NOW))
                .isEqualTo(new RenewalRun.StartTransition.Fail(expiredCa));
    }

    @Test
    void aCertificateSeenBeforeACompletedRenewalStartedOnItsNodeIsAlreadyRenewed() {
        Renewal completed = renewal(RenewalState.COMPLETED, Optional.empty()).toBuilder()
                .nodes(List.of("a", "b"))
                .startedAt(Optional.of(NOW))
                .finishedAt(Optional.of(NOW.plusSeconds(90)))
                .build();

        assertThat(completed.alreadyRenewed(seen("a", NOW.minusSeconds(30))))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("seen at 2026-11-23T09:59:30Z", "started at " + NOW, "completed at", "[a, b]"));
        // the kubeconfig Secret lives in the cluster, not on a node: the renewal refreshed it too
        assertThat(completed.alreadyRenewed(seen(null, NOW.minusSeconds(30)))).isPresent();
        // seen once it had started, on a node it did not renew, or the renewal did not complete: a new problem
        assertThat(completed.alreadyRenewed(seen("a", NOW.plusSeconds(1)))).isEmpty();
        assertThat(completed.alreadyRenewed(seen("c", NOW.minusSeconds(30)))).isEmpty();
        assertThat(completed.toBuilder()
                        .state(RenewalState.FAILED)
                        .build()
                        .alreadyRenewed(seen("a", NOW.minusSeconds(30))))
                .isEmpty();
    }

    private static ExpiryDetected seen(String node, Instant at) {
        Instant notAfter = at.plus(Duration.ofDays(3));
        return new ExpiryDetected(
                "edge-07",
                node,
                "/etc/kubernetes/pki/etcd/server.crt",
                "etcd-server",
                SHA,
                notAfter,
                ExpirySeverity.CRITICAL,
                null,
                Duration.between(at, notAfter).toSeconds(),
                Map.of());
    }

    private static Renewal renewal(RenewalState state, Optional<String> cancelRequestedBy) {
        return Renewal.requested(
                        ID,
                        "edge-07",
                        new CertificateRef("a", "/etc/kubernetes/pki/apiserver.crt", "apiserver", SHA),
                        ExpirySeverity.CRITICAL,
                        NOW.plus(Duration.ofDays(5)),
                        RenewalStrategy.KUBEADM_IN_PLACE,
                        NodeAccessPath.API,
                        "test",
                        false,
                        "policy",
                        "event-1",
                        NOW,
                        Map.of())
                .toBuilder()
                .state(state)
                .cancelRequestedBy(cancelRequestedBy)
                .build();
    }
}

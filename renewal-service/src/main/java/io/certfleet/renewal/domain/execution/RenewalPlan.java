package io.certfleet.renewal.domain.execution;

import io.certfleet.events.RenewalStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The steps of a renewal, in order, per strategy (DESIGN §5):
 *
 * <ul>
 *   <li>{@code KUBEADM_IN_PLACE}: for each control-plane node in turn BACKUP → RENEW → RESTART_STATIC_PODS → VERIFY,
 *       then REFRESH_KUBECONFIG and RESTART_DEPENDANTS for the cluster (seed 001);
 *   <li>{@code EXTERNAL_CA}: the same, with REQUEST_SIGNING → AWAIT_SIGNING → INSTALL after RENEW on each node (RENEW
 *       renews what the node's own CAs sign, the external signer the rest; seed 004);
 *   <li>{@code CAPI_ROLLOUT}: TRIGGER_ROLLOUT → AWAIT_ROLLOUT → VERIFY_ROLLOUT (seed 000).
 * </ul>
 *
 * A node's steps are contiguous, so a node is finished (verified) before the next one is touched.
 */
public final class RenewalPlan {
    private RenewalPlan() {}

    /**
     * @param nodes the control-plane nodes, in the order they are renewed
     * @throws IllegalArgumentException for a strategy that has no executable plan here
     */
    public static List<RenewalStep> steps(UUID renewalId, RenewalStrategy strategy, List<String> nodes) {
        List<RenewalStep> steps = new ArrayList<>();
        switch (strategy) {
            case KUBEADM_IN_PLACE, EXTERNAL_CA -> {
                if (nodes.isEmpty()) {
                    throw new IllegalArgumentException("no control-plane nodes to renew");
                }
                List<StepKind> perNode = strategy == RenewalStrategy.EXTERNAL_CA
                        ? List.of(
                                StepKind.BACKUP,
                                StepKind.RENEW,
                                StepKind.REQUEST_SIGNING,
                                StepKind.AWAIT_SIGNING,
                                StepKind.INSTALL,
                                StepKind.RESTART_STATIC_PODS,
                                StepKind.VERIFY)
                        : List.of(StepKind.BACKUP, StepKind.RENEW, StepKind.RESTART_STATIC_PODS, StepKind.VERIFY);
                for (String node : nodes) {
                    for (StepKind kind : perNode) {
                        steps.add(RenewalStep.planned(renewalId, steps.size() + 1, Optional.of(node), kind));
                    }
                }
                steps.add(RenewalStep.planned(
                        renewalId, steps.size() + 1, Optional.empty(), StepKind.REFRESH_KUBECONFIG));
                steps.add(RenewalStep.planned(
                        renewalId, steps.size() + 1, Optional.empty(), StepKind.RESTART_DEPENDANTS));
            }
            case CAPI_ROLLOUT -> {
                for (StepKind kind :
                        List.of(StepKind.TRIGGER_ROLLOUT, StepKind.AWAIT_ROLLOUT, StepKind.VERIFY_ROLLOUT)) {
                    steps.add(RenewalStep.planned(renewalId, steps.size() + 1, Optional.empty(), kind));
                }
            }
            case VIA_UPGRADE, KUBELET_SERVING_CSR ->
                throw new IllegalArgumentException(strategy + " has no step plan in renewal-service");
        }
        return steps;
    }
}

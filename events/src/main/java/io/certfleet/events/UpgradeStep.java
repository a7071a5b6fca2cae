package io.certfleet.events;

/**
 * One ordered step of an upgrade plan.
 *
 * @param order position in the plan, from 1
 * @param nodeName the node the step runs on
 * @param role the node's role, which fixes the kubeadm command
 * @param zone the node's failure zone ({@code topology.kubernetes.io/zone}); absent when unlabelled
 * @param action what the step does, e.g. {@code kubeadm upgrade apply v1.31.4}
 * @param fromVersion Kubernetes version before the step, e.g. {@code v1.30.8}
 * @param toVersion Kubernetes version after the step, e.g. {@code v1.31.4}
 */
public record UpgradeStep(
        int order,
        String nodeName,
        NodeRole role,
        @OptionalField String zone,
        String action,
        String fromVersion,
        String toVersion) {
    public UpgradeStep {
        Fields.nonNegative(order, "order");
        Fields.text(nodeName, "nodeName");
        Fields.required(role, "role");
        Fields.optionalText(zone, "zone");
        Fields.text(action, "action");
        Fields.text(fromVersion, "fromVersion");
        Fields.text(toVersion, "toVersion");
    }
}

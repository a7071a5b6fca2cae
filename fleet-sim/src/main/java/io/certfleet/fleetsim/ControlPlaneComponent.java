package io.certfleet.fleetsim;

/** The static pods of a kubeadm control-plane node. */
public enum ControlPlaneComponent {
    KUBE_APISERVER("kube-apiserver"),
    KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
    KUBE_SCHEDULER("kube-scheduler"),
    ETCD("etcd");

    private final String podPrefix;

    ControlPlaneComponent(String podPrefix) {
        this.podPrefix = podPrefix;
    }

    /** The container/manifest name ({@code kube-apiserver}). */
    public String componentName() {
        return podPrefix;
    }

    /** The mirror pod name on {@code nodeName} ({@code kube-apiserver-<node>}). */
    public String podName(String nodeName) {
        return podPrefix + "-" + nodeName;
    }
}

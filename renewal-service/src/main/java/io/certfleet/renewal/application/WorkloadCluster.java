package io.certfleet.renewal.application;

import java.time.Instant;

/**
 * What renewal-service does in a renewed cluster itself, through the kubeconfig of its management Secret. Methods throw
 * {@link ClusterApiException}.
 */
public interface WorkloadCluster {

    /** How a restart request went. */
    enum Restart {
        /** Its pod template was annotated; the controller rolls it. */
        RESTARTED,
        /** This renewal had already restarted it. */
        ALREADY_RESTARTED,
        /** There is no such DaemonSet in the cluster. */
        ABSENT
    }

    /**
     * {@code kubectl rollout restart daemonset}: so pods that read client certificates at start (etcd-defrag with the
     * apiserver-etcd-client certificate, seed 001) pick up the renewed ones.
     *
     * @param marker identifies the restart (the renewal id), so asking twice restarts once
     */
    Restart restartDaemonSet(ClusterProfile cluster, String namespace, String name, String marker, Instant at);
}

package io.certfleet.renewal.application;

import java.util.List;
import java.util.Optional;

/** The clusters renewal-service may act on (its inventory). */
public interface ClusterDirectory {

    Optional<ClusterProfile> find(String clusterId);

    /** Every cluster, e.g. to look for kubelet-serving CSRs. */
    List<ClusterProfile> all();
}

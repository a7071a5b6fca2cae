package io.certfleet.scanner.adapter.out;

import io.certfleet.scanner.application.ScanSources;
import io.certfleet.scanner.domain.ScanSource;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The inventory as it stands: no cluster has known sources yet. Replaced by the cluster inventory (Cluster API
 * objects, kubeconfigs, node lists) when scanning arrives.
 */
@Singleton
final class NoScanSources implements ScanSources {
    @Override
    public List<ScanSource> of(String clusterId) {
        return List.of();
    }
}

package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.ScanSource;
import java.util.List;

/** The certificate sources known for a cluster (its inventory). */
public interface ScanSources {

    List<ScanSource> of(String clusterId);
}

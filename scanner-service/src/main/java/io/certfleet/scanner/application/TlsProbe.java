package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.scan.SourceReading;
import java.util.Optional;

/**
 * Records the certificate chain a TLS endpoint actually serves (one handshake, nothing sent after it): the served
 * certificate is what clients see, which differs from the file on disk when a component was not restarted.
 */
public interface TlsProbe {

    /**
     * @param nodeName the node serving it, when known
     * @return the served chain as TLS_ENDPOINT observations (index 0 the leaf), or unreachable with a reason
     */
    SourceReading probe(Optional<String> nodeName, Endpoint endpoint);
}

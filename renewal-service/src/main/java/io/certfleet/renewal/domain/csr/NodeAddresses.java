package io.certfleet.renewal.domain.csr;

import java.util.Objects;
import java.util.Set;

/**
 * What a Node object says about its identity: its name and {@code status.addresses}.
 *
 * @param name the Node name
 * @param hostnames {@code Hostname}, {@code InternalDNS} and {@code ExternalDNS} addresses
 * @param ips {@code InternalIP} and {@code ExternalIP} addresses, canonical text form
 */
public record NodeAddresses(String name, Set<String> hostnames, Set<String> ips) {
    public NodeAddresses {
        Objects.requireNonNull(name, "name");
        hostnames = Set.copyOf(hostnames);
        ips = Set.copyOf(ips);
    }
}

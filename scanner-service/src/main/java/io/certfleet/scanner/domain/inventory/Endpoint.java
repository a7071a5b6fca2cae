package io.certfleet.scanner.domain.inventory;

import java.net.URI;
import java.util.Objects;

/**
 * A TLS endpoint whose served certificate is recorded.
 *
 * @param component what serves it
 * @param url {@code https://host:port}
 */
public record Endpoint(EndpointComponent component, String url) {
    public Endpoint {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint '" + url + "' is not a URL");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("endpoint '" + url + "' must be https://host:port");
        }
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        return URI.create(url).getPort();
    }
}

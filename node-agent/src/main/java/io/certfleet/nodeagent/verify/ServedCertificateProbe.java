package io.certfleet.nodeagent.verify;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Looks at what a TLS endpoint actually serves — the check that catches a component still using the
 * old certificate after renewal (DESIGN §4). The handshake accepts any certificate on purpose: the
 * point is to see it, not to trust it; trust is then checked separately against the cluster's CA
 * (PKIX, no hostname check, at the injected clock's time). Optionally sends {@code GET <path>} on
 * the same connection (the API server's {@code /healthz} answers anonymous requests).
 */
public final class ServedCertificateProbe {

    private static final int MAX_RESPONSE = 64 * 1024;

    private final Clock clock;

    public ServedCertificateProbe(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What was seen.
     *
     * @param chain the served chain, leaf first
     * @param trustProblem empty when the chain verified against the anchors (or none were given)
     * @param healthzStatus HTTP status when a path was requested
     * @param healthzBody the start of the response body
     */
    public record Observation(
            List<X509Certificate> chain,
            Optional<Boolean> trusted,
            Optional<String> trustProblem,
            Optional<Integer> healthzStatus,
            Optional<String> healthzBody) {}

    /** The {@code host} and {@code port} of {@code host:port}, {@code [v6]:port} or {@code https://host:port}. */
    public static InetSocketAddress parseEndpoint(String endpoint) {
        String withScheme = endpoint.contains("://") ? endpoint : "https://" + endpoint;
        try {
            URI uri = new URI(withScheme);
            if (uri.getHost() == null) {
                throw new NodeAgentException(FailureReason.INVALID_INPUT, "endpoint '" + endpoint + "' has no host");
            }
            String host = uri.getHost().startsWith("[")
                    ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            return InetSocketAddress.createUnresolved(host, uri.getPort() < 0 ? 443 : uri.getPort());
        } catch (URISyntaxException e) {
            throw new NodeAgentException(FailureReason.INVALID_INPUT, "endpoint '" + endpoint + "' is not host:port");
        }
    }

    public Observation probe(
            String endpoint,
            Optional<String> serverName,
            List<X509Certificate> trustAnchors,
            Optional<String> healthzPath,
            Duration timeout) {
        InetSocketAddress address = parseEndpoint(endpoint);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (SSLSocket socket = (SSLSocket) seeEverything().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), millis);
            socket.setSoTimeout(millis);
            if (serverName.isPresent()) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName.get())));
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
            List<X509Certificate> chain = Arrays.stream(socket.getSession().getPeerCertificates())
                    .map(X509Certificate.class::cast)
                    .toList();
            Optional<String> problem = trustAnchors.isEmpty() ? Optional.empty() : verify(chain, trustAnchors);
            Optional<Boolean> trusted = trustAnchors.isEmpty() ? Optional.empty() : Optional.of(problem.isEmpty());
            if (healthzPath.isEmpty()) {
                return new Observation(chain, trusted, problem, Optional.empty(), Optional.empty());
            }
            String[] response = get(socket, address.getHostString(), healthzPath.get());
            return new Observation(
                    chain, trusted, problem, Optional.of(Integer.parseInt(response[0])), Optional.of(response[1]));
        } catch (SSLException e) {
            throw new NodeAgentException(
                    FailureReason.UNREACHABLE, "TLS handshake with " + endpoint + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NodeAgentException(
                    FailureReason.UNREACHABLE,
                    "cannot reach " + endpoint + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    e);
        } catch (NumberFormatException e) {
            throw new NodeAgentException(FailureReason.UNREACHABLE, endpoint + " did not answer HTTP", e);
        }
    }

    /** The certificates of a PEM bundle file (a cluster's {@code ca.crt}). */
    public static List<X509Certificate> readBundle(java.nio.file.Path file) {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new NodeAgentException(
                    FailureReason.INVALID_INPUT,
                    "cannot read the CA bundle " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Optional<String> verify(List<X509Certificate> chain, List<X509Certificate> anchors) {
        try {
            Set<TrustAnchor> trust = new HashSet<>();
            anchors.forEach(a -> trust.add(new TrustAnchor(a, null)));
            PKIXParameters parameters = new PKIXParameters(trust);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            // the served chain without anchors that the server may have appended
            List<X509Certificate> path =
                    chain.stream().filter(c -> !anchors.contains(c)).toList();
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of("the served chain does not verify against the CA: " + e.getMessage());
        }
    }

    private static String[] get(SSLSocket socket, String host, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int read; response.size() < MAX_RESPONSE && (read = in.read(buffer)) >= 0; ) {
            response.write(buffer, 0, read);
        }
        String text = response.toString(StandardCharsets.ISO_8859_1);
        String[] statusLine = text.lines().findFirst().orElse("").split(" ");
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new NumberFormatException("no HTTP status line");
        }
        int bodyAt = text.indexOf("\r\n\r\n");
        String body = bodyAt < 0 ? "" : text.substring(bodyAt + 4).strip();
        return new String[] {statusLine[1], body.length() > 200 ? body.substring(0, 200) : body};
    }

    private static SSLContext seeEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                                // accepted here on purpose: the chain is looked at and verified separately
                            }

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }
}

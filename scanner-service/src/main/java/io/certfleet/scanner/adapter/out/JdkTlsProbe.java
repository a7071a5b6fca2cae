package io.certfleet.scanner.adapter.out;

import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.pki.inspect.CertificateInspector;
import io.certfleet.pki.inspect.Inspection;
import io.certfleet.scanner.application.TlsProbe;
import io.certfleet.scanner.config.ScannerSettings;
import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.SourceReading;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@link TlsProbe} with the JDK's TLS client: connect, handshake, record the chain the server presented, close.
 *
 * <p>The handshake accepts any chain on purpose: the probe's job is to record what is served — an expired, self-signed
 * or foreign certificate above all — and it sends nothing after the handshake and no client certificate, so there is
 * nothing to protect by refusing it. Trust decisions belong to the inventory (findings), not to the connection.
 */
@Singleton
final class JdkTlsProbe implements TlsProbe {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:]+]?");

    private final ScannerSettings settings;
    private final SSLContext context;

    JdkTlsProbe(ScannerSettings settings) throws GeneralSecurityException {
        this.settings = settings;
        this.context = SSLContext.getInstance("TLS");
        this.context.init(null, new TrustManager[] {new RecordEveryChain()}, null);
    }

    @Override
    public SourceReading probe(Optional<String> nodeName, Endpoint endpoint) {
        ScanScope scope = ScanScope.endpoint(endpoint.url());
        int timeout = (int) settings.tlsTimeout().toMillis();
        Certificate[] chain;
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeout);
            raw.setSoTimeout(timeout);
            try (SSLSocket socket =
                    (SSLSocket) context.getSocketFactory().createSocket(raw, endpoint.host(), endpoint.port(), false)) {
                if (!IP_LITERAL.matcher(endpoint.host()).matches()) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setServerNames(List.of(new SNIHostName(endpoint.host())));
                    socket.setSSLParameters(parameters);
                }
                socket.startHandshake();
                chain = socket.getSession().getPeerCertificates();
            }
        } catch (SocketTimeoutException e) {
            return SourceReading.unreachable(scope, endpoint.url(), "timed out after " + timeout + " ms");
        } catch (ConnectException e) {
            return SourceReading.unreachable(scope, endpoint.url(), "connection refused");
        } catch (UnknownHostException e) {
            return SourceReading.unreachable(scope, endpoint.url(), "unknown host");
        } catch (NoRouteToHostException e) {
            return SourceReading.unreachable(scope, endpoint.url(), "no route to host");
        } catch (SSLException e) {
            return SourceReading.unreachable(
                    scope, endpoint.url(), "TLS handshake failed: " + String.valueOf(e.getMessage()));
        } catch (IOException e) {
            return SourceReading.unreachable(
                    scope, endpoint.url(), "connection failed (" + e.getClass().getSimpleName() + ")");
        }
        List<ObservedCertificate> certificates = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        for (int i = 0; i < chain.length; i++) {
            byte[] der;
            try {
                der = chain[i].getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                errors.add(new ScanError(endpoint.url(), "served certificate " + i + " cannot be encoded"));
                continue;
            }
            switch (CertificateInspector.inspect(der)) {
                case Inspection.Parsed parsed -> {
                    CertificateLocation at = nodeName.isPresent()
                            ? CertificateLocation.onNode(nodeName.get(), SourceKind.TLS_ENDPOINT, endpoint.url(), i)
                            : CertificateLocation.inCluster(SourceKind.TLS_ENDPOINT, endpoint.url(), i);
                    certificates.add(ObservedCertificate.of(
                            at,
                            PublicFacts.of(parsed.certificate()),
                            PublicFacts.findings(parsed.certificate().findings())));
                }
                case Inspection.Refused refused ->
                    errors.add(new ScanError(endpoint.url(), "served certificate " + i + ": " + refused.reason()));
            }
        }
        return SourceReading.read(scope, certificates, errors);
    }

    /** Accepts every server chain: the probe records it and sends nothing (see the class comment). */
    private static final class RecordEveryChain extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

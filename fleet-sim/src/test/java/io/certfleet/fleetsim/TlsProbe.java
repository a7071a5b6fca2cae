package io.certfleet.fleetsim;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A test client that records the certificate a TLS endpoint serves, as a scanner would. */
final class TlsProbe {

    private TlsProbe() {}

    /** Handshakes (accepting any certificate) and returns the served leaf. */
    static X509Certificate servedCertificate(InetSocketAddress address) throws Exception {
        AtomicReference<X509Certificate> served = new AtomicReference<>();
        try (SSLSocket socket = connect(address, served)) {
            socket.startHandshake();
        }
        return served.get();
    }

    /** Sends {@code GET path} over TLS and returns the raw HTTP response. */
    static String get(InetSocketAddress address, String path) throws Exception {
        try (SSLSocket socket = connect(address, new AtomicReference<>())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: sim\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SSLSocket connect(InetSocketAddress address, AtomicReference<X509Certificate> served)
            throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new Recording(served)}, new SecureRandom());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private record Recording(AtomicReference<X509Certificate> served) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            served.set(chain[0]);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

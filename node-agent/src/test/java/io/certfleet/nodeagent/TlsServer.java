package io.certfleet.nodeagent;

import io.certfleet.pki.issue.CertifiedKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A loopback TLS endpoint serving one certificate and answering every HTTP request with 200 "ok". */
final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final ExecutorService accept = Executors.newSingleThreadExecutor();

    TlsServer(CertifiedKey served, CertifiedKey issuer) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry(
                "served", served.privateKey(), password, new Certificate[] {served.certificate(), issuer.certificate()
                });
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        socket = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        accept.submit(this::serve);
    }

    String endpoint() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket client = (SSLSocket) socket.accept()) {
                client.startHandshake();
                InputStream in = client.getInputStream();
                StringBuilder request = new StringBuilder();
                int b;
                while (!request.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                    request.append((char) b);
                }
                if (request.length() > 0) {
                    OutputStream out = client.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // a probe that only handshakes closes without a request; keep serving
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        accept.shutdownNow();
    }
}

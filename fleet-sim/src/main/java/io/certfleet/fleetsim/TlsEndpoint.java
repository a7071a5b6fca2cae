package io.certfleet.fleetsim;

import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECKey;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATED control-plane TLS endpoint (kube-apiserver or etcd) on a node's loopback address.
 *
 * <p>Like the real static pod it serves the certificate and key it read from the node's files
 * when it (re)started, and picks up renewed files only on {@link #restart()}. The listening socket
 * survives restarts, so the address stays stable (as port 6443 does); open connections are dropped.
 * If the files are unusable the restart fails and the endpoint stays down (connections are reset),
 * as a crash-looping static pod would.
 *
 * <p>Cheap by design: one virtual thread blocked in {@code accept()} per endpoint, one virtual
 * thread per connection. Client certificates are requested (not required) and, when sent, must
 * chain to the component's client CA at the fleet clock's time.
 */
public final class TlsEndpoint implements AutoCloseable {

    /** Which control-plane component the endpoint stands for. */
    public enum Component {
        APISERVER(ControlPlaneComponent.KUBE_APISERVER),
        ETCD(ControlPlaneComponent.ETCD);

        private final ControlPlaneComponent staticPod;

        Component(ControlPlaneComponent staticPod) {
            this.staticPod = staticPod;
        }

        public ControlPlaneComponent staticPod() {
            return staticPod;
        }
    }

    /** What a connection speaks after the handshake. */
    interface Protocol {
        void serve(SSLSocket socket) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TlsEndpoint.class);
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 15_000;

    private final Component component;
    private final String nodeName;
    private final ServerSocket listener;
    private final Path certificateFile;
    private final Path keyFile;
    private final Path clientCaFile;
    private final Clock clock;
    private final Protocol protocol;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Loaded loaded;
    private volatile boolean closed;

    private record Loaded(SSLContext context, List<X509Certificate> chain) {}

    private TlsEndpoint(
            Component component,
            String nodeName,
            ServerSocket listener,
            Path certificateFile,
            Path keyFile,
            Path clientCaFile,
            Clock clock,
            Protocol protocol) {
        this.component = component;
        this.nodeName = nodeName;
        this.listener = listener;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clientCaFile = clientCaFile;
        this.clock = clock;
        this.protocol = protocol;
    }

    /** Binds the listening socket (so the port is known before kubeconfigs are written); serves after {@link #start()}. */
    static TlsEndpoint bind(
            Component component,
            String nodeName,
            InetAddress address,
            Path certificateFile,
            Path keyFile,
            Path clientCaFile,
            Clock clock,
            Protocol protocol)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(address, 0), 128);
        return new TlsEndpoint(component, nodeName, listener, certificateFile, keyFile, clientCaFile, clock, protocol);
    }

    void start() {
        loaded = load();
        Thread.ofVirtual()
                .name("sim-" + component.name().toLowerCase() + "-" + nodeName)
                .start(this::acceptLoop);
    }

    public Component component() {
        return component;
    }

    public String nodeName() {
        return nodeName;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** {@code https://<node loopback IP>:<port>}. */
    public String url() {
        InetSocketAddress address = address();
        return "https://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The certificate served since the last (re)start, or empty while the component is down. */
    public java.util.Optional<X509Certificate> servedCertificate() {
        Loaded current = loaded;
        return current == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(current.chain().get(0));
    }

    public boolean serving() {
        return loaded != null && !closed;
    }

    public int restarts() {
        return restarts.get();
    }

    /**
     * Re-reads certificate, key and client CA from the node's files and drops open connections,
     * like a static pod restart.
     *
     * @throws ComponentStartException if the files are missing or inconsistent; the endpoint is then down
     */
    public void restart() {
        restarts.incrementAndGet();
        loaded = null;
        dropConnections();
        loaded = load();
    }

    @Override
    public void close() {
        closed = true;
        loaded = null;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing {} listener of {}: {}", component, nodeName, e.toString());
        }
        dropConnections();
    }

    private Loaded load() {
        String what = component.staticPod().componentName() + " on " + nodeName;
        try {
            List<X509Certificate> chain = Pem.decodeCertificates(Files.readString(certificateFile));
            PrivateKey key = Pem.decodePrivateKey(Files.readString(keyFile));
            X509Certificate clientCa = Pem.decodeCertificate(Files.readString(clientCaFile));
            requireMatchingKey(chain.get(0), key, what);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    new KeyManager[] {new ServedKey(chain, key)},
                    new TrustManager[] {new ClientTrust(clientCa, clock)},
                    null);
            return new Loaded(context, chain);
        } catch (IOException | GeneralSecurityException | IssuanceException e) {
            throw new ComponentStartException(what + " cannot start: " + e.getMessage(), e);
        }
    }

    private static void requireMatchingKey(X509Certificate certificate, PrivateKey key, String what)
            throws GeneralSecurityException {
        String algorithm = KeyAlgorithm.of(key).signatureAlgorithm();
        byte[] probe = "certfleet-sim key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException(what + ": private key does not match public key");
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("{} accept on {} failed: {}", component, nodeName, e.toString());
                }
                continue;
            }
            Thread.ofVirtual().start(() -> handle(socket));
        }
    }

    private void handle(Socket socket) {
        connections.add(socket);
        try (socket) {
            Loaded current = loaded;
            if (current == null) {
                return; // component down: the connection is reset
            }
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            SSLSocket tls =
                    (SSLSocket) current.context().getSocketFactory().createSocket(socket, (InputStream) null, true);
            tls.setWantClientAuth(true);
            tls.startHandshake();
            socket.setSoTimeout(0);
            protocol.serve(tls);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} connection on {} ended: {}", component, nodeName, e.toString());
        } finally {
            connections.remove(socket);
        }
    }

    private void dropConnections() {
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        connections.clear();
    }

    /** Minimal HTTP/1.1: health and version answers, then the connection closes. */
    static Protocol health(Component component, String gitVersion) {
        return socket -> {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            String requestLine = readRequestHead(socket.getInputStream());
            String[] parts = requestLine.split(" ");
            String path = parts.length > 1 ? parts[1] : "";
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            String method = parts.length > 0 ? parts[0] : "";
            int status = 200;
            String contentType = "text/plain; charset=utf-8";
            String body;
            if (!method.equals("GET")) {
                status = 405;
                body = "method not allowed";
            } else if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
                body = "ok";
            } else if (path.equals("/health") && component == Component.ETCD) {
                contentType = "application/json";
                body = "{\"health\":\"true\",\"reason\":\"\"}";
            } else if (path.equals("/version")) {
                contentType = "application/json";
                body = component == Component.ETCD
                        ? "{\"etcdserver\":\"3.5.16\",\"etcdcluster\":\"3.5.0\"}"
                        : "{\"gitVersion\":\"" + gitVersion + "\"}";
            } else {
                status = 404;
                body = "404 page not found";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + (status == 200 ? "OK" : status == 404 ? "Not Found" : "Error")
                    + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        };
    }

    /**
     * Terminates TLS and relays the bytes to a plain-HTTP backend (the cluster's simulated API),
     * which is resolved only when the client sends its first bytes: a bare handshake (a scanner
     * looking at the served certificate) never starts a backend.
     */
    static Protocol relayTo(Supplier<InetSocketAddress> backend) {
        return socket -> {
            InputStream fromClient = socket.getInputStream();
            byte[] first = new byte[16 * 1024];
            int n = fromClient.read(first);
            if (n < 0) {
                return;
            }
            try (Socket upstream = new Socket()) {
                upstream.connect(backend.get(), HANDSHAKE_TIMEOUT_MILLIS);
                upstream.setTcpNoDelay(true);
                OutputStream toUpstream = upstream.getOutputStream();
                toUpstream.write(first, 0, n);
                toUpstream.flush();
                Thread back = Thread.ofVirtual().start(() -> {
                    try {
                        upstream.getInputStream().transferTo(socket.getOutputStream());
                    } catch (IOException e) {
                        // either side closed
                    } finally {
                        closeQuietly(socket);
                    }
                });
                try {
                    fromClient.transferTo(toUpstream);
                } catch (IOException e) {
                    // either side closed
                } finally {
                    closeQuietly(upstream);
                }
                try {
                    back.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static String readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && head.length() < 8192) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int end = head.indexOf("\r\n");
        return end < 0 ? head.toString() : head.substring(0, end);
    }

    /**
     * Serves exactly the loaded certificate, whatever its validity (an expired one is the point of
     * some faults). Cheaper than a PKCS#12 key store, whose password-based key protection costs
     * milliseconds per endpoint.
     */
    private static final class ServedKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "served";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        ServedKey(List<X509Certificate> chain, PrivateKey key) {
            this.chain = chain.toArray(X509Certificate[]::new);
            this.key = key;
        }

        private boolean fits(String keyType) {
            if (key instanceof EdECKey) {
                return keyType.equalsIgnoreCase("EdDSA") || keyType.equalsIgnoreCase(key.getAlgorithm());
            }
            return keyType.equalsIgnoreCase(key.getAlgorithm());
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return fits(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return fits(keyType) ? ALIAS : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return fits(keyType) ? new String[] {ALIAS} : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String toString() {
            return "ServedKey[" + chain[0].getSubjectX500Principal().getName() + ", key redacted]";
        }
    }

    /** Accepts client certificates that chain to the component's client CA at the fleet clock's time. */
    private static final class ClientTrust implements X509TrustManager {
        private final X509Certificate clientCa;
        private final Clock clock;

        ClientTrust(X509Certificate clientCa, Clock clock) {
            this.clientCa = clientCa;
            this.clock = clock;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain));
                PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(clientCa, null)));
                parameters.setRevocationEnabled(false);
                parameters.setDate(Date.from(clock.instant()));
                CertPathValidator.getInstance("PKIX").validate(path, parameters);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("client certificate rejected: " + e.getMessage(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("server-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {clientCa};
        }
    }
}

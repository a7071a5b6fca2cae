package io.certfleet.embedded;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Free TCP ports on 127.0.0.1 for servers that need their port before they start. */
final class LoopbackPorts {

    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {}

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("127.0.0.1 is always a valid address", e);
        }
    }

    /**
     * Asks the OS for a free port and releases it again. Another process may take it before our
     * server binds it; callers therefore retry with a new port when the bind fails.
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedInfrastructureException(
                    EmbeddedInfrastructureException.Reason.TRANSIENT, "no free port on 127.0.0.1", e);
        }
    }

    /** Whether a startup failure was caused by a port someone else took (worth retrying with a new one). */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("failed to bind") || message.contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}

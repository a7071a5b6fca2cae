package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.FailureReason;
import io.fabric8.kubernetes.client.KubernetesClientException;
import javax.net.ssl.SSLException;

/**
 * A failed Kubernetes API call as a typed failure. The message is ours (what was tried, the HTTP code, the
 * kind of transport error); the server's own text is not repeated.
 */
final class KubernetesFailures {
    private KubernetesFailures() {}

    static NodeAccessException of(String what, KubernetesClientException e) {
        // no HTTP answer at all: Fabric8 reports 0 or -1 depending on where the transport failed
        int code = Math.max(0, e.getCode());
        return switch (code) {
            case 0 -> {
                Throwable cause = rootCause(e);
                String hint = cause instanceof SSLException
                        ? "; if the API server's certificate has expired, reach the node over SSH"
                        : "";
                yield new NodeAccessException(
                        FailureReason.UNREACHABLE,
                        what + " failed: the API server did not answer ("
                                + cause.getClass().getSimpleName() + ")" + hint);
            }
            case 401 ->
                new NodeAccessException(
                        FailureReason.POLICY, what + " failed: the cluster's credentials were rejected (HTTP 401)");
            case 403 ->
                new NodeAccessException(
                        FailureReason.POLICY, what + " is forbidden (HTTP 403): see deploy/node-agent/rbac.yaml");
            case 404 -> new NodeAccessException(FailureReason.INVALID_INPUT, what + " failed: not found (HTTP 404)");
            case 409 -> new NodeAccessException(FailureReason.TRANSIENT, what + " failed: conflict (HTTP 409)");
            case 400, 422 ->
                new NodeAccessException(
                        FailureReason.INVALID_INPUT, what + " was rejected as invalid (HTTP " + code + ")");
            case 503, 504 ->
                new NodeAccessException(
                        FailureReason.UNREACHABLE, what + " failed: the API server is unavailable (HTTP " + code + ")");
            default -> new NodeAccessException(FailureReason.TRANSIENT, what + " failed (HTTP " + code + ")");
        };
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

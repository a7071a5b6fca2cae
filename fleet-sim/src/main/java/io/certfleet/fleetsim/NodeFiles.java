package io.certfleet.fleetsim;

/**
 * The non-PKI files of a simulated node: the KubeletConfiguration and the static pod manifests,
 * with the flags that point at the PKI files (so tools can find them as on a real node).
 */
final class NodeFiles {

    private NodeFiles() {}

    static String kubeletConfiguration(boolean rotateCertificates) {
        return """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                authentication:
                  anonymous:
                    enabled: false
                  webhook:
                    enabled: true
                  x509:
                    clientCAFile: /etc/kubernetes/pki/ca.crt
                authorization:
                  mode: Webhook
                cgroupDriver: systemd
                clusterDNS:
                - 10.96.0.10
                clusterDomain: cluster.local
                rotateCertificates: %s
                serverTLSBootstrap: false
                staticPodPath: /etc/kubernetes/manifests
                """.formatted(rotateCertificates);
    }

    static String apiserverManifest(String version, String hostIp) {
        return manifest("kube-apiserver", "registry.k8s.io/kube-apiserver:" + version, """
                    - --advertise-address=%s
                    - --client-ca-file=/etc/kubernetes/pki/ca.crt
                    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
                    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
                    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
                    - --etcd-servers=https://127.0.0.1:2379
                    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
                    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
                    - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
                    - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
                    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
                    - --secure-port=6443
                    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
                    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
                    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
                    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
                """.formatted(hostIp));
    }

    static String controllerManagerManifest(String version) {
        return manifest("kube-controller-manager", "registry.k8s.io/kube-controller-manager:" + version, """
                    - --client-ca-file=/etc/kubernetes/pki/ca.crt
                    - --cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt
                    - --cluster-signing-key-file=/etc/kubernetes/pki/ca.key
                    - --kubeconfig=/etc/kubernetes/controller-manager.conf
                    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
                    - --root-ca-file=/etc/kubernetes/pki/ca.crt
                    - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
                """);
    }

    static String schedulerManifest(String version) {
        return manifest("kube-scheduler", "registry.k8s.io/kube-scheduler:" + version, """
                    - --kubeconfig=/etc/kubernetes/scheduler.conf
                """);
    }

    static String etcdManifest(String nodeName, String hostIp) {
        return manifest("etcd", "registry.k8s.io/etcd:3.5.16-0", """
                    - --advertise-client-urls=https://%2$s:2379
                    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
                    - --client-cert-auth=true
                    - --key-file=/etc/kubernetes/pki/etcd/server.key
                    - --name=%1$s
                    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
                    - --peer-client-cert-auth=true
                    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
                    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                """.formatted(nodeName, hostIp));
    }

    private static String manifest(String name, String image, String flags) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  labels:
                    component: %1$s
                    tier: control-plane
                  name: %1$s
                  namespace: kube-system
                spec:
                  containers:
                  - command:
                    - %1$s
                %3$s    image: %2$s
                    name: %1$s
                  hostNetwork: true
                  priorityClassName: system-node-critical
                """.formatted(name, image, flags);
    }
}

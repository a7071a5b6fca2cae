package io.certfleet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cert-dir} and {@code --config-dir} with kubeadm's defaults, the same for every command that reads a node. */
final class KubeadmDirectoryOptions {

    @Option(
            names = "--cert-dir",
            paramLabel = "DIR",
            defaultValue = "/etc/kubernetes/pki",
            description = "kubeadm certificate directory (default: ${DEFAULT-VALUE})")
    Path certDir;

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            defaultValue = "/etc/kubernetes",
            description = "directory of admin.conf and the other kubeconfig files (default: ${DEFAULT-VALUE})")
    Path configDir;
}

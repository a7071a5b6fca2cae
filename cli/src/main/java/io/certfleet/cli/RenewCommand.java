package io.certfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgent;
import io.certfleet.nodeagent.NodeDirectories;
import io.certfleet.nodeagent.NodeJson;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.OperationResult.FailedCertificate;
import io.certfleet.nodeagent.OperationResult.GeneratedCsr;
import io.certfleet.nodeagent.OperationResult.RenewResult;
import io.certfleet.nodeagent.OperationResult.RenewedCertificate;
import io.certfleet.nodeagent.OperationResult.SkippedCertificate;
import io.certfleet.nodeagent.runtime.ContainerRuntime;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.pki.checkexpiration.KubeadmTimeFormat;
import io.certfleet.pki.renew.RenewalRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code certfleet renew all|NAME}: {@code kubeadm certs renew} from the files, through the node agent's
 * RENEW operation (the same code a node Job runs): back up the configuration directory, renew with a new
 * key and the existing certificate's identity, skip what kubeadm would not renew, say why.
 */
@Command(
        name = "renew",
        mixinStandardHelpOptions = true,
        versionProvider = CertfleetVersion.class,
        header = "Renew a kubeadm node's certificates (kubeadm certs renew, from the files).",
        description = {
            "Renews certificates like 'kubeadm certs renew': subject (CN, O), SANs, key usage and extended key"
                    + " usage of the existing certificate, a new key of the same algorithm and size, valid one year"
                    + " (never past the CA), signed by the CA on disk (ca, etcd-ca, front-proxy-ca). Kubeconfig"
                    + " client certificates are re-embedded in place.",
            "Before the first write the whole configuration directory is backed up (default"
                    + " <config-dir>/tmp/certfleet-backup-<time>); every file is replaced atomically. CAs, kubelet.conf"
                    + " and certificates of an externally managed CA (its key is not on disk) are skipped with the"
                    + " reason; --csr-only writes a new key and a CSR for each instead of renewing.",
            "Restart kube-apiserver, kube-controller-manager, kube-scheduler and etcd afterwards so they load the"
                    + " new certificates."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every requested certificate was renewed or deliberately skipped",
            "1:a certificate could not be renewed (see \"failed\"), or the run could not start",
            "2:a usage error: unknown certificate name, --csr-only without --csr-dir"
        })
final class RenewCommand implements Callable<Integer> {

    /** kubeadm's own words for each certificate ({@code kubeadm certs renew}'s output, seed 001). */
    static final Map<String, String> KUBEADM_DESCRIPTIONS = Map.ofEntries(
            Map.entry(
                    "admin.conf",
                    "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself"),
            Map.entry("super-admin.conf", "certificate embedded in the kubeconfig file for the super-admin"),
            Map.entry("apiserver", "certificate for serving the Kubernetes API"),
            Map.entry("apiserver-etcd-client", "certificate the apiserver uses to access etcd"),
            Map.entry("apiserver-kubelet-client", "certificate for the API server to connect to kubelet"),
            Map.entry(
                    "controller-manager.conf",
                    "certificate embedded in the kubeconfig file for the controller manager to use"),
            Map.entry("etcd-healthcheck-client", "certificate for liveness probes to healthcheck etcd"),
            Map.entry("etcd-peer", "certificate for etcd nodes to communicate with each other"),
            Map.entry("etcd-server", "certificate for serving etcd"),
            Map.entry("front-proxy-client", "certificate for the front proxy client"),
            Map.entry(
                    "scheduler.conf", "certificate embedded in the kubeconfig file for the scheduler manager to use"));

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "all|NAME",
            description =
                    "all, or a kubeadm name: admin.conf, apiserver, apiserver-etcd-client, apiserver-kubelet-client,"
                            + " controller-manager.conf, etcd-healthcheck-client, etcd-peer, etcd-server, front-proxy-client,"
                            + " scheduler.conf, super-admin.conf")
    String target;

    @Mixin
    KubeadmDirectoryOptions directories;

    @Option(
            names = "--backup-dir",
            paramLabel = "DIR",
            description = "where the backup goes; must not exist (default: <config-dir>/tmp/certfleet-backup-<time>)")
    Path backupDir;

    @Option(
            names = "--now",
            paramLabel = "RFC3339",
            converter = OptionConverters.Rfc3339.class,
            description = "renew as if it were this instant (validity starts here), e.g. 2026-11-22T10:00:00Z")
    Instant now;

    @Option(
            names = "--csr-only",
            description = "do not renew: write a new key and a CSR per certificate to --csr-dir for an external CA")
    boolean csrOnly;

    @Option(
            names = "--csr-dir",
            paramLabel = "DIR",
            description = "where --csr-only writes <name>.csr and <name>.key (<name>.conf and <name>.conf.csr for"
                    + " kubeconfigs); not the live certificate or configuration directory")
    Path csrDir;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (default), json or yaml")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        validate();
        NodeRequest.Renew request = new NodeRequest.Renew(
                new NodeDirectories(absolute(directories.configDir), absolute(directories.certDir), null),
                List.of(target),
                null,
                backupDir == null ? null : absolute(backupDir),
                csrOnly ? absolute(csrDir) : null,
                now);
        NodeResponse response = new NodeAgent(Path.of("/"), NO_RUNTIME, Clock.systemUTC(), Pause.NONE).handle(request);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (response instanceof NodeResponse.Failed failed) {
            err.println("certfleet renew: " + failed.error().message());
            err.flush();
            return failed.error().reason() == FailureReason.INVALID_INPUT ? 2 : 1;
        }
        RenewResult result = (RenewResult) ((NodeResponse.Completed) response).result();
        switch (output) {
            case TABLE -> out.print(table(result));
            case JSON -> out.println(NodeJson.writePretty(result));
            case YAML -> {
                JsonNode tree = NodeJson.readTree(NodeJson.write(result));
                out.print(new YAMLMapper().writeValueAsString(tree));
            }
        }
        out.flush();
        for (FailedCertificate failed : result.failed()) {
            err.println("certfleet renew: " + failed.name() + " was not renewed: " + failed.reason());
        }
        err.flush();
        return result.succeeded() ? 0 : 1;
    }

    private void validate() {
        List<String> known = new ArrayList<>(RenewalRequest.renewableNames());
        if (!known.contains(target) && !RenewalRequest.knownButNotRenewed().contains(target)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown certificate name '" + target + "'; valid names: " + String.join(", ", known));
        }
        if (csrOnly && csrDir == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--csr-only needs --csr-dir DIR: certfleet never writes new keys over the live ones");
        }
        if (!csrOnly && csrDir != null) {
            throw new ParameterException(spec.commandLine(), "--csr-dir is only used with --csr-only");
        }
        if (csrOnly && backupDir != null) {
            throw new ParameterException(
                    spec.commandLine(), "--backup-dir has no effect with --csr-only: nothing live is written");
        }
    }

    static String table(RenewResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CERTIFICATE", "RESULT", "OLD EXPIRY", "NEW EXPIRY"});
        for (RenewedCertificate r : result.renewed()) {
            rows.add(new String[] {
                r.name(),
                "renewed",
                KubeadmTimeFormat.expires(r.oldNotAfter()),
                KubeadmTimeFormat.expires(r.newNotAfter())
            });
        }
        for (GeneratedCsr c : result.csrs()) {
            rows.add(new String[] {c.name(), "csr", "", ""});
        }
        for (SkippedCertificate s : result.skipped()) {
            rows.add(new String[] {s.name(), "skipped", "", ""});
        }
        for (FailedCertificate f : result.failed()) {
            rows.add(new String[] {f.name(), "FAILED", "", ""});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (widths[i] + 3) + "s", row[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        text.append('\n');
        for (RenewedCertificate r : result.renewed()) {
            text.append(KUBEADM_DESCRIPTIONS.getOrDefault(r.name(), "certificate " + r.name()))
                    .append(" renewed\n");
        }
        for (GeneratedCsr c : result.csrs()) {
            text.append(c.name())
                    .append(": CSR ")
                    .append(c.csr())
                    .append(", new key ")
                    .append(c.key())
                    .append('\n');
        }
        for (SkippedCertificate s : result.skipped()) {
            text.append(s.name()).append(" skipped: ").append(s.reason()).append('\n');
        }
        for (FailedCertificate f : result.failed()) {
            text.append(f.name()).append(" FAILED: ").append(f.reason()).append('\n');
        }
        if (result.backup() != null) {
            text.append("\nThe configuration directory was backed up to ")
                    .append(result.backup())
                    .append('\n');
        }
        if (!result.renewed().isEmpty()) {
            text.append("\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager,"
                    + " kube-scheduler and etcd, so that they can use the new certificates.\n");
        }
        if (!result.csrs().isEmpty()) {
            text.append("\nHave the external CA sign each CSR, then install the certificate beside its key"
                    + " (base64 in client-certificate-data for kubeconfigs).\n");
        }
        return text.toString();
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** renew never touches the container runtime; restarting is a separate step. */
    private static final ContainerRuntime NO_RUNTIME = new ContainerRuntime() {
        @Override
        public List<String> runningContainers(String name) {
            throw new UnsupportedOperationException("renew does not restart containers");
        }

        @Override
        public void stop(String containerId) {
            throw new UnsupportedOperationException("renew does not restart containers");
        }
    };
}

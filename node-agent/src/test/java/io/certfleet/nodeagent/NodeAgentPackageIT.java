package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distribution {@code package} builds ({@code target/certfleet-node-agent-<version>.tar.gz}, from
 * {@code src/packaging}), as an operator uses it: unpacked with {@code tar}, installed with {@code install.sh}
 * into a temporary prefix, then run through the installed symlink the way node-access runs it over SSH (JSON
 * request on stdin, one JSON line on stdout). The failsafe configuration in the pom passes the tarball's path.
 */
class NodeAgentPackageIT {
    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(2);
    private static final String LAUNCHER = "certfleet-node-agent";
    private static final List<String> SCRIPT_ENVIRONMENT =
            List.of("CERTFLEET_JAVA", "CERTFLEET_JAVA_OPTS", "JAVA_HOME", "JAVA_TOOL_OPTIONS", "CDPATH");

    @TempDir
    static Path work;

    private static String version;
    private static Path dist;
    private static Path prefix;
    private static Path binDir;

    @BeforeAll
    static void unpackAndInstall() throws IOException {
        String tarball = System.getProperty("certfleet.nodeAgent.distribution");
        version = System.getProperty("certfleet.nodeAgent.version");
        assertThat(tarball)
                .as("certfleet.nodeAgent.distribution (set by failsafe: run ./build -pl node-agent verify)")
                .isNotBlank();
        assertThat(Path.of(tarball)).as("the tarball `package` builds").isRegularFile();
        // readable and traversable by others: one test runs install.sh as an unprivileged user
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        Run untar = run(Map.of(), "", "tar", "-xzf", tarball, "-C", unpacked.toString());
        assertThat(untar.exit()).as(untar.toString()).isZero();
        dist = unpacked.resolve("certfleet-node-agent-" + version);
        prefix = work.resolve("opt/certfleet-node-agent/" + version);
        binDir = work.resolve("bin");

        Run install = install();

        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(install.stdout()).contains("installed certfleet-node-agent " + version + " in " + prefix);
    }

    private static Run install(String... options) {
        List<String> command = new ArrayList<>(List.of(
                dist.resolve("install.sh").toString(), "--prefix", prefix.toString(), "--bin-dir", binDir.toString()));
        command.addAll(List.of(options));
        return run(Map.of("JAVA_HOME", javaHome()), "", command.toArray(String[]::new));
    }

    @Test
    void the_tarball_holds_the_launcher_the_installer_and_only_runtime_jars() throws IOException {
        assertThat(Files.getPosixFilePermissions(dist.resolve("bin/" + LAUNCHER)))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(dist.resolve("install.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(dist.resolve("README.md")).isRegularFile();
        assertThat(Files.readString(dist.resolve("VERSION")).strip()).isEqualTo(version);
        assertThat(Files.readString(dist.resolve("bin/" + LAUNCHER))).startsWith("#!/bin/sh\n");

        List<String> jars = names(dist.resolve("lib"));
        assertThat(jars)
                .allMatch(name -> name.endsWith(".jar"))
                .contains("node-agent-" + version + ".jar", "pki-" + version + ".jar")
                .anyMatch(name -> name.startsWith("bcprov-jdk18on-"))
                .anyMatch(name -> name.startsWith("jackson-databind-"))
                .noneMatch(name -> name.matches("(junit|assertj|opentest4j|apiguardian|byte-buddy|awaitility).*"))
                .noneMatch(name -> name.matches("(micronaut|kafka|netty|fabric8|slf4j|logback).*"));
    }

    @Test
    void install_is_idempotent_and_links_the_launcher_into_the_bin_directory() throws IOException {
        // the first install checked that the agent starts; this one skips that
        Run again = install("--no-check");

        assertThat(again.exit()).as(again.toString()).isZero();
        Path link = binDir.resolve(LAUNCHER);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(prefix.resolve("bin/" + LAUNCHER));
        assertThat(names(prefix)).containsExactly("README.md", "VERSION", "bin", "lib");
        assertThat(names(prefix.resolve("lib"))).isEqualTo(names(dist.resolve("lib")));
        assertThat(names(prefix.getParent())).as("no staging left behind").containsExactly(version);
        assertThat(names(binDir)).containsExactly(LAUNCHER);
    }

    @Test
    void the_installed_agent_scans_a_kubeadm_node_from_stdin() {
        Path node = work.resolve("node");
        NodeTree.create(node);

        Run scan = run(
                Map.of("JAVA_HOME", javaHome()),
                "{\"operation\":\"SCAN\",\"now\":\"" + NodeTree.NOW + "\"}",
                binDir.resolve(LAUNCHER).toString(),
                "--root",
                node.toString());

        assertThat(scan.exit()).as(scan.toString()).isZero();
        assertThat(scan.stdout().lines()).as("exactly one JSON line on stdout").hasSize(1);
        assertThat(scan.stdout()).doesNotContain("PRIVATE KEY");
        JsonNode response = NodeJson.readTree(scan.stdout());
        assertThat(response.path("status").asText()).isEqualTo("OK");
        assertThat(response.at("/result/operation").asText()).isEqualTo("SCAN");
        List<String> names = new ArrayList<>();
        response.at("/result/certificates")
                .forEach(row -> names.add(row.path("name").asText()));
        assertThat(names).contains("admin.conf", "apiserver", "etcd-server", "front-proxy-client");
        JsonNode apiserver = row(response, "apiserver");
        assertThat(apiserver.path("path").asText()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
        assertThat(apiserver.path("presence").asText()).isEqualTo("PRESENT");
        // issued for 365 days, scanned 300 days in
        assertThat(apiserver.path("residualSeconds").asLong())
                .isEqualTo(Duration.ofDays(65).toSeconds());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "openjdk version \"17.0.9\" 2023-10-17 | 17",
                "java version \"1.8.0_381\" | 8",
            })
    void the_launcher_refuses_an_older_java_with_exit_code_3(String versionLine, String major) throws IOException {
        Path fakeHome = fakeJava("java-" + major, versionLine);
        // reached through a chain of relative symlinks: the launcher still finds its lib/
        Path chain = Files.createDirectories(work.resolve("chain-" + major + "/a"));
        Files.createSymbolicLink(chain.resolve("agent"), chain.relativize(binDir.resolve(LAUNCHER)));
        Path entry = Files.createSymbolicLink(chain.getParent().resolve("agent"), Path.of("a/agent"));

        Run refused = run(Map.of("JAVA_HOME", fakeHome.toString()), "{\"operation\":\"SCAN\"}", entry.toString());

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.stdout())
                .as("nothing but the agent writes to stdout")
                .isEmpty();
        assertThat(refused.stderr())
                .startsWith("certfleet-node-agent: " + fakeHome.resolve("bin/java") + " (from JAVA_HOME) is Java "
                        + major + "; the node agent needs Java 21 or newer.");
    }

    @Test
    void certfleet_java_comes_before_java_home() throws IOException {
        Path fakeHome = fakeJava("java-17-preferred", "openjdk version \"17.0.9\" 2023-10-17");

        Run refused = run(
                Map.of(
                        "JAVA_HOME",
                        javaHome(),
                        "CERTFLEET_JAVA",
                        fakeHome.resolve("bin/java").toString()),
                "{\"operation\":\"SCAN\"}",
                binDir.resolve(LAUNCHER).toString());

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.stderr()).contains("(from CERTFLEET_JAVA) is Java 17");
    }

    @Test
    void no_java_at_java_home_exits_4() throws IOException {
        Path empty = Files.createDirectories(work.resolve("no-java"));

        Run refused = run(
                Map.of("JAVA_HOME", empty.toString()),
                "{\"operation\":\"SCAN\"}",
                binDir.resolve(LAUNCHER).toString());

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr())
                .contains(empty.resolve("bin/java") + " (from JAVA_HOME) is not an executable file");
    }

    @Test
    void install_without_permission_to_write_exits_3_and_writes_nothing() throws IOException {
        Path locked = Files.createDirectories(work.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        List<String> command = new ArrayList<>();
        if (uid() == 0) {
            // root may write anywhere: run the installer as nobody
            assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv to drop root").isExecutable();
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(
                dist.resolve("install.sh").toString(),
                "--prefix",
                locked.resolve("opt/agent").toString(),
                "--bin-dir",
                locked.resolve("bin").toString()));
        try {
            Run refused = run(Map.of("JAVA_HOME", javaHome()), "", command.toArray(String[]::new));

            assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.stderr())
                    .contains("install.sh: no permission to write " + locked + " (needed for " + locked
                            + "/opt/agent): run it as root");
            assertThat(names(locked)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A {@code JAVA_HOME} whose {@code bin/java} answers {@code -version} like an old JDK. */
    private static Path fakeJava(String name, String versionLine) throws IOException {
        Path home = work.resolve(name);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(
                java,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "if [ \"$1\" = -version ]; then",
                        "  echo '" + versionLine + "' >&2",
                        "  echo 'OpenJDK Runtime Environment (build fake)' >&2",
                        "  exit 0",
                        "fi",
                        "echo 'the fake java ran the agent'",
                        "exit 0",
                        ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static JsonNode row(JsonNode response, String name) {
        for (JsonNode row : response.at("/result/certificates")) {
            if (row.path("name").asText().equals(name)) {
                return row;
            }
        }
        return fail("no row " + name + " in " + response);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }

    private static int uid() throws IOException {
        Path probe = Files.createTempFile(work, "uid", ".probe");
        return (Integer) Files.getAttribute(probe, "unix:uid");
    }

    record Run(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs {@code command} with {@code stdin}, its output in files (no pipe to drain), within the timeout. */
    private static Run run(Map<String, String> environment, String stdin, String... command) {
        try {
            Path io = Files.createTempDirectory(work, "process");
            Path in = Files.writeString(io.resolve("stdin"), stdin, StandardCharsets.UTF_8);
            Path out = io.resolve("stdout");
            Path err = io.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            SCRIPT_ENVIRONMENT.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not end within " + PROCESS_TIMEOUT);
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}

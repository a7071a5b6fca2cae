package io.certfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.testing.Openssl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: {@code certfleet check-expiration} agrees to the second with {@code openssl x509 -enddate}
 * on a kubeadm tree made by openssl, in JSON and in the table, including an external CA and a CA bundle.
 */
class CheckExpirationCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KUBEADM_DATE = DateTimeFormatter.ofPattern(
                    "MMM dd, yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    @TempDir
    static Path root;

    static OpensslKubeadmTree tree;
    /** Taken before openssl signs anything, so every certificate's lifetime starts at or after it. */
    static Instant base;
    /** Two days later: front-proxy-client (one day) has expired, apiserver-etcd-client (ten) has 8 left. */
    static Instant now;

    @BeforeAll
    static void buildTree() throws Exception {
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        tree = OpensslKubeadmTree.create(root);
        now = base.plus(Duration.ofDays(2));
    }

    private static CliRun checkExpiration(String... extra) {
        List<String> args = new ArrayList<>(List.of("check-expiration"));
        args.addAll(List.of(tree.dirs()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void jsonAgreesWithOpensslToTheSecond() throws Exception {
        CliRun run = checkExpiration("-o", "json", "--now", now.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode doc = JSON.readTree(run.out());

        List<JsonNode> entries = new ArrayList<>();
        doc.get("certificates").forEach(entries::add);
        doc.get("certificateAuthorities").forEach(entries::add);
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode entry : entries) {
            String name = entry.get("name").asText();
            int index = entry.get("index").asInt();
            Path source = tree.sources.get(name).get(index);
            Instant notAfter = Instant.parse(entry.get("notAfter").asText());
            assertThat(notAfter).as("%s[%d] notAfter", name, index).isEqualTo(Openssl.endDate(source));
            assertThat(entry.get("residualSeconds").asLong())
                    .as("%s residual", name)
                    .isEqualTo(now.until(notAfter, ChronoUnit.SECONDS));
            assertThat(entry.get("serialNumber").asText()).isEqualTo(Openssl.serial(source));
            assertThat(entry.get("sha256").asText()).isEqualTo(Openssl.sha256(source));
            seen.merge(name, 1, Integer::sum);
        }
        // every certificate of the tree, the CA bundle's second member included; super-admin.conf is missing
        Map<String, Integer> expected = new HashMap<>();
        tree.sources.forEach((name, files) -> expected.put(name, files.size()));
        assertThat(seen).isEqualTo(expected);
        assertThat(doc.get("missing")).hasSize(1);
        assertThat(doc.get("missing").get(0).get("name").asText()).isEqualTo("super-admin.conf");
        assertThat(doc.get("errors")).isEmpty();

        JsonNode ca = find(doc.get("certificateAuthorities"), "ca", 0);
        assertThat(ca.get("externallyManaged").asBoolean()).isTrue();
        assertThat(find(doc.get("certificateAuthorities"), "ca", 1)
                        .get("externallyManaged")
                        .asBoolean())
                .isTrue();
        assertThat(find(doc.get("certificateAuthorities"), "etcd-ca", 0)
                        .get("externallyManaged")
                        .asBoolean())
                .isFalse();
        assertThat(find(doc.get("certificates"), "apiserver", 0)
                        .get("externallyManaged")
                        .asBoolean())
                .isTrue();
        assertThat(find(doc.get("certificates"), "etcd-server", 0)
                        .get("externallyManaged")
                        .asBoolean())
                .isFalse();
        assertThat(find(doc.get("certificates"), "etcd-server", 0)
                        .get("certificateAuthority")
                        .asText())
                .isEqualTo("etcd-ca");

        // the openssl tree follows the requirement table: the only findings are the kubelet's self-signed serving cert
        for (JsonNode entry : entries) {
            List<String> codes = new ArrayList<>();
            entry.get("findings").forEach(f -> codes.add(f.get("code").asText()));
            if (entry.get("name").asText().equals("kubelet-serving")) {
                assertThat(codes).containsExactly("KUBELET_SERVING_SELF_SIGNED");
            } else {
                assertThat(codes).as("findings of %s", entry.get("name")).isEmpty();
            }
        }
        JsonNode apiserver = find(doc.get("certificates"), "apiserver", 0);
        assertThat(apiserver.get("subject").asText()).isEqualTo("CN=kube-apiserver");
        assertThat(apiserver.get("keyAlgorithm").asText()).isEqualTo("RSA");
        assertThat(apiserver.get("sans").toString())
                .contains("\"DNS:kubernetes.default.svc.cluster.local\"", "\"IP:10.96.0.1\"");
        assertThat(apiserver.get("notAfter").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void tableAgreesWithOpensslAndLooksLikeKubeadm() throws Exception {
        CliRun run = checkExpiration("--now", now.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0))
                .matches("CERTIFICATE +EXPIRES {18}RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED");
        int blank = lines.indexOf("");
        assertThat(lines.get(blank + 1))
                .isEqualTo("CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED");
        List<String> first = lines.subList(1, blank);
        assertThat(first)
                .extracting(l -> l.split("\\s{3,}")[0])
                .containsExactly(
                        "admin.conf",
                        "apiserver",
                        "apiserver-etcd-client",
                        "apiserver-kubelet-client",
                        "controller-manager.conf",
                        "etcd-healthcheck-client",
                        "etcd-peer",
                        "etcd-server",
                        "front-proxy-client",
                        "scheduler.conf",
                        "!MISSING! super-admin.conf",
                        "kubelet-client",
                        "kubelet-serving");
        // every column starts where the header's does
        int expires = lines.get(0).indexOf("EXPIRES");
        int residual = lines.get(0).indexOf("RESIDUAL TIME");
        for (String line : first) {
            if (!line.startsWith("!MISSING!")) {
                assertThat(line.substring(expires, expires + 3)).matches("[A-Z][a-z]{2}");
                assertThat(line.charAt(residual - 1)).isEqualTo(' ');
                assertThat(line.charAt(residual)).isNotEqualTo(' ');
            }
        }

        assertRow(first, "admin.conf", "363d", "ca", "yes");
        assertRow(first, "apiserver", "363d", "ca", "yes");
        assertRow(first, "apiserver-etcd-client", "8d", "etcd-ca", "no");
        assertRow(first, "front-proxy-client", "<invalid>", "front-proxy-ca", "no");
        assertRow(first, "etcd-server", "363d", "etcd-ca", "no");
        assertRow(first, "scheduler.conf", "363d", "ca", "yes");
        assertRow(first, "kubelet-client", "363d", "ca", "yes");
        assertRow(first, "kubelet-serving", "363d", "", "no");

        List<String> second = lines.subList(blank + 2, lines.size());
        assertRow(second, "ca", "9y", null, "yes");
        assertRow(second, "ca[1]", "28d", null, "yes");
        assertRow(second, "etcd-ca", "9y", null, "no");
        assertRow(second, "front-proxy-ca", "9y", null, "no");
        assertThat(second).hasSize(4);
    }

    /** A row: name, the date openssl reads (in kubeadm's format), residual, CA column, yes/no padded as kubeadm's %-8v. */
    private static void assertRow(List<String> rows, String name, String residual, String ca, String managed) {
        String row =
                rows.stream().filter(r -> r.startsWith(name + " ")).findFirst().orElseThrow();
        String displayed = name.replace("[1]", "");
        int index = name.endsWith("[1]") ? 1 : 0;
        String expires =
                KUBEADM_DATE.format(Openssl.endDate(tree.sources.get(displayed).get(index)));
        String pattern = Pattern.quote(name) + " +" + Pattern.quote(expires) + " {3}" + Pattern.quote(residual) + " +"
                + (ca == null ? "" : ca.isEmpty() ? " {21}" : Pattern.quote(ca) + " +")
                + Pattern.quote(String.format("%-8s", managed));
        assertThat(row).matches(pattern);
    }

    @Test
    void yamlHasTheSameDocument() throws Exception {
        CliRun json = checkExpiration("-o", "json", "--now", now.toString());
        CliRun yaml = checkExpiration("-o", "yaml", "--now", now.toString());
        assertThat(yaml.exitCode()).isZero();
        assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(JSON.readTree(json.out()));
    }

    @Test
    void failWithinExitsTwoWhenSomethingExpiresInTheWindow() {
        // at 'now' front-proxy-client has expired: any window catches it
        CliRun expired = checkExpiration("--now", now.toString(), "--fail-within", "1s");
        assertThat(expired.exitCode()).isEqualTo(2);
        assertThat(expired.err()).contains("front-proxy-client").contains("within 1s");

        // at 'base' the shortest lifetime left is front-proxy-client's day
        assertThat(checkExpiration("--now", base.toString(), "--fail-within", "12h")
                        .exitCode())
                .isZero();
        CliRun twoDays = checkExpiration("--now", base.toString(), "--fail-within", "2d", "-o", "json");
        assertThat(twoDays.exitCode()).isEqualTo(2);
        assertThat(twoDays.err()).contains("front-proxy-client").doesNotContain("apiserver-etcd-client");
        // Go-style hours mean the same as days
        assertThat(checkExpiration("--now", base.toString(), "--fail-within", "264h")
                        .err())
                .contains("front-proxy-client", "apiserver-etcd-client")
                .doesNotContain("ca[1]");
        // ca[1] lives 30 days from when openssl signed it, a few seconds after base: 31 days take it in
        CliRun thirtyDays = checkExpiration("--now", base.toString(), "--fail-within", "31d");
        assertThat(thirtyDays.exitCode()).isEqualTo(2);
        assertThat(thirtyDays.err()).contains("ca[1]");
        assertThat(checkExpiration("--now", base.toString(), "--fail-within", "744h")
                        .err())
                .contains("ca[1]");
    }

    @Test
    void usageErrorsAreOneLineNotStackTraces() {
        CliRun badDuration = checkExpiration("--fail-within", "30 days");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err())
                .contains("not a duration")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        CliRun badNow = checkExpiration("--now", "yesterday");
        assertThat(badNow.exitCode()).isEqualTo(2);
        assertThat(badNow.err()).contains("RFC 3339");
        CliRun badFormat = checkExpiration("-o", "xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        CliRun help = CliRun.of("check-expiration", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--cert-dir", "--fail-within", "Exit status", "2", "usage error");
    }

    @Test
    void absentDirectoriesGiveMissingRowsNotFailures() {
        CliRun run = CliRun.of(
                "check-expiration",
                "--cert-dir",
                root.resolve("nope/pki").toString(),
                "--config-dir",
                root.resolve("nope").toString(),
                "--kubelet-dir",
                root.resolve("nope/kubelet").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("!MISSING! "))).hasSize(16);
    }

    @Test
    void scanOfTheTreeNamesAndLintsKubeadmFiles() throws Exception {
        CliRun run = CliRun.of(
                "scan",
                "--path",
                tree.certDir.toString(),
                tree.configDir.toString(),
                tree.kubeletDir.toString(),
                "-o",
                "json",
                "--now",
                now.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        Map<String, JsonNode> named = new HashMap<>();
        for (JsonNode c : doc.get("certificates")) {
            if (!c.get("name").isNull() && c.get("index").asInt() == 0) {
                named.putIfAbsent(c.get("name").asText(), c);
            }
        }
        assertThat(named)
                .containsKeys(
                        "apiserver",
                        "etcd-server",
                        "ca",
                        "etcd-ca",
                        "admin.conf",
                        "scheduler.conf",
                        "kubelet-client",
                        "kubelet-serving");
        assertThat(named.get("ca").get("externallyManaged").asBoolean()).isTrue();
        assertThat(named.get("etcd-ca").get("externallyManaged").asBoolean()).isFalse();
        assertThat(named.get("apiserver").get("certificateAuthority").asText()).isEqualTo("ca");
        assertThat(named.get("kubelet-serving").get("certificateAuthority").isNull())
                .isTrue();
        for (JsonNode c : named.values()) {
            Path file = Path.of(c.get("path").asText());
            if (!file.toString().endsWith(".conf")) {
                assertThat(Instant.parse(c.get("notAfter").asText())).isEqualTo(Openssl.endDate(file));
            }
        }
        // the .srl files openssl leaves behind are not certificates and are named as such
        assertThat(doc.get("errors").findValuesAsText("path"))
                .allSatisfy(p -> assertThat(p).endsWith(".srl"));
        // key files are skipped unread; pki/ under the config dir was already walked as the cert dir
        assertThat(doc.get("skipped").findValuesAsText("reason"))
                .allSatisfy(r -> assertThat(r).containsAnyOf("private key, not read", "already walked"))
                .anySatisfy(r -> assertThat(r).startsWith("same directory as " + tree.certDir));
    }

    @Test
    void noPrivateKeyBytesInAnyOutput() throws Exception {
        List<String> fragments = tree.privateKeyFragments();
        assertThat(fragments).hasSizeGreaterThan(50);
        List<CliRun> runs = List.of(
                checkExpiration("--now", now.toString()),
                checkExpiration("-o", "json", "--now", now.toString()),
                checkExpiration("-o", "yaml", "--now", now.toString(), "--fail-within", "400d"),
                CliRun.of("scan", "--path", root.toString(), "-o", "json"),
                CliRun.of("scan", "--path", root.toString()));
        for (CliRun run : runs) {
            for (String fragment : fragments) {
                assertThat(run.all()).doesNotContain(fragment);
            }
        }
    }

    private static JsonNode find(JsonNode array, String name, int index) {
        for (JsonNode e : array) {
            if (e.get("name").asText().equals(name) && e.get("index").asInt() == index) {
                return e;
            }
        }
        throw new AssertionError(name + "[" + index + "] not found");
    }
}

package io.certfleet.pki.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.testing.Openssl;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pyca/cryptography certificates made to break parsers (DESIGN §8): where {@code openssl x509
 * -enddate} reads a notAfter, certfleet reports the same instant (and the same serial and
 * fingerprint) with the odd parts as findings; where openssl refuses, certfleet names the file and
 * says why. openssl is run here, on every file of the folder, README included.
 */
class PycaCorpusTest {
    private final CertificateReader reader = new CertificateReader(ReadOptions.defaults());

    static Path corpus() throws URISyntaxException {
        return Path.of(PycaCorpusTest.class.getResource("/pyca-x509/README.md").toURI())
                .getParent();
    }

    static Stream<Path> files() throws Exception {
        try (Stream<Path> list = Files.list(corpus())) {
            return list.sorted().toList().stream();
        }
    }

    /** What the expectations below are about: six readable, two refused, and the README. */
    @Test
    void corpusIsComplete() throws Exception {
        assertThat(files().map(p -> p.getFileName().toString()))
                .contains(
                        "both_dates.pem",
                        "ec_no_named_curve.pem",
                        "empty-san.pem",
                        "invalid_version.pem",
                        "malformed-san.pem",
                        "negative_serial.pem",
                        "invalid_utf8_common_name.pem",
                        "name_attribute_unsupported_tag.pem");
    }

    @ParameterizedTest
    @MethodSource("files")
    void agreesWithOpenssl(Path file) {
        Openssl.Result openssl = Openssl.run(
                file.getParent(),
                "x509",
                "-noout",
                "-enddate",
                "-serial",
                "-fingerprint",
                "-sha256",
                "-in",
                file.toString());
        ReadResult result = reader.readFile(file);

        if (openssl.ok()) {
            Map<String, String> fields = openssl.stdout()
                    .lines()
                    .map(l -> l.split("=", 2))
                    .collect(Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim()));
            assertThat(result.problems()).as("problems for %s", file).isEmpty();
            assertThat(result.certificates()).hasSize(1);
            CertificateFacts facts = result.certificates().get(0).certificate().facts();
            assertThat(facts.notAfter()).isEqualTo(Openssl.parseEndDate("notAfter=" + fields.get("notAfter")));
            assertThat(facts.serialNumber()).isEqualTo(fields.get("serial").toLowerCase(Locale.ROOT));
            assertThat(facts.sha256())
                    .isEqualTo(fields.get("sha256 Fingerprint").replace(":", "").toLowerCase(Locale.ROOT));
            // every file of this corpus is odd in some way, and the oddity is reported, not hidden
            assertThat(result.certificates().get(0).certificate().findings()).isNotEmpty();
        } else {
            assertThat(result.certificates()).as("certificates in %s", file).isEmpty();
            assertThat(result.problems()).hasSize(1);
            assertThat(result.problems().get(0)).isNotBlank();
        }
    }

    @Test
    void oddPartsBecomeSpecificFindings() throws Exception {
        assertThat(codes("both_dates.pem")).contains("PRIVATE_KEY_USAGE_PERIOD");
        assertThat(codes("ec_no_named_curve.pem")).contains("EC_EXPLICIT_PARAMETERS", "V1_CERTIFICATE");
        assertThat(codes("empty-san.pem")).contains("EMPTY_SAN");
        assertThat(codes("invalid_version.pem")).contains("INVALID_VERSION");
        assertThat(codes("malformed-san.pem")).contains("MALFORMED_SAN", "EMPTY_ISSUER");
        assertThat(codes("negative_serial.pem")).contains("NEGATIVE_SERIAL");
        CertificateFacts ec = facts("ec_no_named_curve.pem");
        assertThat(ec.keyAlgorithm()).isEqualTo("EC");
        assertThat(ec.keySize()).isEqualTo(256);
        assertThat(ec.curve()).contains("P-256");
        assertThat(facts("negative_serial.pem").serialNumber()).isEqualTo("-04316693ed");
        assertThat(facts("negative_serial.pem").sans()).containsExactly("DNS:*.gov.us", "DNS:gov.us");
    }

    @Test
    void refusalsSayWhy() throws Exception {
        assertThat(reader.readFile(corpus().resolve("invalid_utf8_common_name.pem"))
                        .problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("PEM block 1", "CN", "not valid UTF-8");
        assertThat(reader.readFile(corpus().resolve("name_attribute_unsupported_tag.pem"))
                        .problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("PEM block 1", "[APPLICATION 9]", "malformed", "at byte");
        assertThat(reader.readFile(corpus().resolve("README.md")).problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("not a certificate");
    }

    /** The acceptance line: a scan of the folder reports every good certificate and names every bad file. */
    @Test
    void scanOfTheFolderReportsEveryGoodCertificateAndNamesEveryBadFile() throws Exception {
        ScanResult scan = new PathScanner(reader).scan(List.of(corpus()));
        List<Path> files = files().toList();
        List<String> readByOpenssl = files.stream()
                .filter(f -> Openssl.run(f.getParent(), "x509", "-noout", "-enddate", "-in", f.toString())
                        .ok())
                .map(Path::toString)
                .toList();
        List<String> refusedByOpenssl = files.stream()
                .map(Path::toString)
                .filter(f -> !readByOpenssl.contains(f))
                .toList();

        assertThat(scan.certificates().stream().map(c -> c.path().toString()))
                .containsExactlyInAnyOrderElementsOf(readByOpenssl);
        assertThat(scan.errors().stream().map(ScanResult.FileError::path))
                .containsExactlyInAnyOrderElementsOf(refusedByOpenssl);
        for (ScanResult.Certificate c : scan.certificates()) {
            assertThat(c.found().certificate().facts().notAfter()).isEqualTo(Openssl.endDate(c.path()));
        }
    }

    private Stream<String> codesStream(String file) throws Exception {
        return reader.readFile(corpus().resolve(file)).certificates().get(0).certificate().findings().stream()
                .map(f -> f.code());
    }

    private List<String> codes(String file) throws Exception {
        return codesStream(file).toList();
    }

    private CertificateFacts facts(String file) throws Exception {
        return reader.readFile(corpus().resolve(file))
                .certificates()
                .get(0)
                .certificate()
                .facts();
    }
}

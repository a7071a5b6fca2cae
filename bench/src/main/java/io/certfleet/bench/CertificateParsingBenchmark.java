package io.certfleet.bench;

import io.certfleet.pki.inspect.CertificateInspector;
import io.certfleet.pki.inspect.Inspection;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing one certificate, over distinct certificates (the JDK's CertificateFactory caches identical bytes, so a
 * benchmark that parses one certificate again and again measures its cache): the JDK's {@code CertificateFactory},
 * Bouncy Castle's {@code X509CertificateHolder}, certfleet's {@code CertificateInspector} (DER, with the facts the
 * inventory keeps) and {@code CertificateReader} (PEM detection and decoding included). Each invocation parses the
 * next certificate of a ring larger than the JDK's cache. Run through {@link ParsingBenchmarks}, which prints the
 * ratios to the JDK baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CertificateParsingBenchmark {
    @Param({"2048"})
    public int distinct;

    private byte[][] der;
    private byte[][] pem;
    private int next;
    private CertificateFactory jdk;
    private CertificateReader reader;

    @Setup(Level.Trial)
    public void certificates() throws CertificateException {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(now, ZoneOffset.UTC));
        Validity year = Validity.between(now, now.plus(Duration.ofDays(365)));
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes").validity(year).build(), KeyAlgorithm.EC_P256);
        der = new byte[distinct][];
        pem = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            // kubelet-serving-like leaves: distinct keys, names and SANs, as a fleet has them
            X509Certificate leaf = issuer.sign(
                    CertificateSpec.leaf("system:node:worker-" + i)
                            .organization("system:nodes")
                            .dnsName("worker-" + i)
                            .ipAddress("10.1." + (i / 250) + "." + (i % 250 + 1))
                            .usage(Usage.SERVER)
                            .usage(Usage.CLIENT)
                            .validity(year)
                            .build(),
                    issuer.generateKeyPair(KeyAlgorithm.EC_P256).getPublic(),
                    ca);
            der[i] = leaf.getEncoded();
            pem[i] = Pem.encodeCertificate(leaf).getBytes(StandardCharsets.US_ASCII);
        }
        jdk = CertificateFactory.getInstance("X.509");
        reader = new CertificateReader(ReadOptions.defaults());
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % distinct;
        return i;
    }

    /** Baseline: the JDK provider, and reading notAfter. */
    @Benchmark
    public void jdkCertificateFactory(Blackhole hole) throws CertificateException {
        X509Certificate c = (X509Certificate) jdk.generateCertificate(new ByteArrayInputStream(der[nextIndex()]));
        hole.consume(c.getNotAfter());
    }

    @Benchmark
    public void bouncyCastleHolder(Blackhole hole) throws java.io.IOException {
        X509CertificateHolder holder = new X509CertificateHolder(der[nextIndex()]);
        hole.consume(holder.getNotAfter());
    }

    /** certfleet's DER walk: every fact the inventory keeps (SANs, usages, key, fingerprint, self-signed check). */
    @Benchmark
    public void certfleetInspector(Blackhole hole) {
        Inspection inspection = CertificateInspector.inspect(der[nextIndex()]);
        hole.consume(((Inspection.Parsed) inspection).certificate().facts().notAfter());
    }

    /** certfleet's reader on PEM text: format detection, PEM decoding, then the inspector. */
    @Benchmark
    public void certfleetReaderPem(Blackhole hole) {
        hole.consume(
                reader.read(pem[nextIndex()], Optional.empty()).certificates().get(0));
    }
}

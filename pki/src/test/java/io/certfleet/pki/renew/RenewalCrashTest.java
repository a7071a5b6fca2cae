package io.certfleet.pki.renew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run that dies half-way leaves every file old or new, and running again completes the renewal. */
class RenewalCrashTest {

    /** Stands for the process being killed: nothing catches an Error on the way out. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    /** The real store, dying after {@code survive} files, half-way through writing the next one's temp file. */
    static final class CrashingStore implements PkiFileStore {
        private final DurableFileStore real = new DurableFileStore();
        private final int survive;
        private final AtomicInteger written = new AtomicInteger();

        CrashingStore(int survive) {
            this.survive = survive;
        }

        @Override
        public void write(Path target, byte[] content, Secrecy secrecy) throws IOException {
            if (written.get() == survive) {
                // what the kernel had of the temporary file when the process died
                Path torn =
                        target.resolveSibling("." + target.getFileName() + DurableFileStore.TEMP_MARKER + "crashed");
                Files.write(torn, Arrays.copyOf(content, content.length / 2));
                throw new Crash();
            }
            real.write(target, content, secrecy);
            written.incrementAndGet();
        }
    }

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 14})
    void an_interrupted_run_is_completed_by_the_next_one(int filesBeforeCrash) throws Exception {
        KubeadmTree tree =
                KubeadmTree.create(root, KeyAlgorithm.EC_P256, KubeadmRenewalTest.ISSUED, Duration.ofDays(365));
        Clock clock = Clock.fixed(KubeadmRenewalTest.NOW, ZoneOffset.UTC);

        assertThatThrownBy(() -> new KubeadmRenewal(clock, new SecureRandom(), new CrashingStore(filesBeforeCrash))
                        .renew(RenewalRequest.of("all", tree.certDir, tree.configDir)))
                .isInstanceOf(Crash.class);

        // every file is old or new, never torn: each still parses, and exactly the first N were replaced
        Set<String> replaced = new HashSet<>();
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            KubeadmRenewalTest.Credentials now = KubeadmRenewalTest.credentials(tree, cert);
            X509Certificate original = tree.leaves.get(cert.kubeadmName()).certificate();
            if (!now.certificate().equals(original)) {
                replaced.add(cert.kubeadmName());
            }
        }
        assertThat(replaced.size()).isLessThanOrEqualTo(filesBeforeCrash);
        assertThat(KubeadmRenewalTest.temporaries(tree.configDir)).isNotEmpty();

        RenewalReport rerun = new KubeadmRenewal(clock).renew(RenewalRequest.of("all", tree.certDir, tree.configDir));

        assertThat(rerun.succeeded()).isTrue();
        assertThat(rerun.renewed()).hasSize(KubeadmCertificate.renewable().size());
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            KubeadmRenewalTest.Credentials renewed = KubeadmRenewalTest.credentials(tree, cert);
            KubeadmRenewalTest.assertKeyMatches(
                    renewed.key(), renewed.certificate().getPublicKey());
            KubeadmRenewalTest.assertSameIdentity(
                    renewed.certificate(), tree.leaves.get(cert.kubeadmName()).certificate());
            renewed.certificate()
                    .verify(tree.authorities.get(cert.authority()).certificate().getPublicKey());
            assertThat(renewed.certificate().getNotAfter().toInstant())
                    .isEqualTo(KubeadmRenewalTest.NOW.plus(Duration.ofDays(365)));
        }
        assertThat(KubeadmRenewalTest.temporaries(tree.configDir)).isEmpty();
        assertThat(Files.list(tree.configDir.resolve("tmp")).toList())
                .as("the crashed run's backup is kept beside the re-run's")
                .hasSize(2);
    }
}

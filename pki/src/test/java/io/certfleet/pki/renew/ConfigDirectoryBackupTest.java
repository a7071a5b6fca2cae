package io.certfleet.pki.renew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryBackupTest {

    @TempDir
    Path root;

    private final ConfigDirectoryBackup backups =
            new ConfigDirectoryBackup(Clock.fixed(KubeadmRenewalTest.NOW, ZoneOffset.UTC));

    private KubeadmTree tree() throws Exception {
        KubeadmTree tree =
                KubeadmTree.create(root, KeyAlgorithm.EC_P256, KubeadmRenewalTest.ISSUED, Duration.ofDays(365));
        Files.createDirectories(tree.configDir.resolve("tmp/kubeadm-backup-manifests-2025"));
        Files.writeString(tree.configDir.resolve("tmp/kubeadm-backup-manifests-2025/old.yaml"), "old");
        Files.createSymbolicLink(tree.certDir.resolve("current.crt"), Path.of("apiserver.crt"));
        Files.setPosixFilePermissions(
                tree.configDir.resolve("manifests"), PosixFilePermissions.fromString("rwx------"));
        return tree;
    }

    @Test
    void copies_the_configuration_directory_with_modes_and_symlinks_but_not_tmp() throws Exception {
        KubeadmTree tree = tree();
        Path target = backups.defaultLocation(tree.configDir);

        ConfigDirectoryBackup.Backup backup = backups.create(tree.configDir, tree.certDir, target);

        assertThat(backup.directory()).isEqualTo(target.toRealPath());
        for (Map.Entry<String, byte[]> file : tree.snapshot().entrySet()) {
            Path copy = target.resolve(file.getKey());
            assertThat(copy).hasBinaryContent(file.getValue());
            assertThat(Files.getPosixFilePermissions(copy))
                    .isEqualTo(Files.getPosixFilePermissions(tree.configDir.resolve(file.getKey())));
        }
        assertThat(Files.isSymbolicLink(target.resolve("pki/current.crt"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("pki/current.crt"))).isEqualTo(Path.of("apiserver.crt"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("manifests"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rwx------");
        assertThat(target.resolve("tmp")).doesNotExist();
        assertThat(backup.manifest().certDirCopy()).isEqualTo("pki");
        assertThat(backup.manifest().entries()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("pki/current.crt");
            assertThat(e.symlink()).isTrue();
        });
        try (var siblings = Files.list(target.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("no partial directory left behind")
                    .containsExactlyInAnyOrder(
                            "kubeadm-backup-manifests-2025",
                            target.getFileName().toString());
        }
    }

    @Test
    void an_existing_backup_directory_is_never_overwritten() throws Exception {
        KubeadmTree tree = tree();
        Path target = root.resolve("backup");
        Files.createDirectories(target);

        assertThatThrownBy(() -> backups.create(tree.configDir, tree.certDir, target))
                .isInstanceOfSatisfying(
                        RenewalException.class, e -> assertThat(e.reason()).isEqualTo(RenewalException.Reason.POLICY));
        assertThat(backups.defaultLocation(tree.configDir)).isNotEqualTo(target);
    }

    @Test
    void restore_puts_the_originals_back_after_a_renewal() throws Exception {
        KubeadmTree tree = tree();
        Map<String, byte[]> before = tree.snapshot();
        RenewalReport report = new KubeadmRenewal(Clock.fixed(KubeadmRenewalTest.NOW, ZoneOffset.UTC))
                .renew(RenewalRequest.of("all", tree.certDir, tree.configDir));
        Files.delete(tree.certDir.resolve("current.crt"));
        Files.writeString(tree.configDir.resolve("created-later.txt"), "new");
        Files.setPosixFilePermissions(
                tree.certDir.resolve("apiserver.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(tree.snapshot()).isNotEqualTo(before);

        ConfigDirectoryBackup.Restore restore = backups.restore(report.backup().orElseThrow());

        Map<String, byte[]> after = tree.snapshot();
        after.remove("created-later.txt");
        assertThat(after).containsOnlyKeys(before.keySet());
        before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.certDir.resolve("apiserver.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readSymbolicLink(tree.certDir.resolve("current.crt"))).isEqualTo(Path.of("apiserver.crt"));
        assertThat(tree.configDir.resolve("created-later.txt")).hasContent("new");
        assertThat(restore.restored()).contains(tree.certDir.toRealPath().resolve("apiserver.key"));
    }

    @Test
    void a_damaged_backup_is_refused_before_anything_is_written() throws Exception {
        KubeadmTree tree = tree();
        Path target = root.resolve("backup");
        backups.create(tree.configDir, tree.certDir, target);
        Files.writeString(target.resolve("pki/apiserver.crt"), "tampered");
        Files.writeString(tree.configDir.resolve("admin.conf"), "changed after the backup");

        assertThatThrownBy(() -> backups.restore(target)).isInstanceOfSatisfying(RenewalException.class, e -> {
            assertThat(e.reason()).isEqualTo(RenewalException.Reason.POLICY);
            assertThat(e.getMessage()).contains("pki/apiserver.crt does not match its manifest");
        });
        assertThat(tree.configDir.resolve("admin.conf")).hasContent("changed after the backup");
        assertThatThrownBy(() -> backups.restore(root))
                .isInstanceOfSatisfying(
                        RenewalException.class, e -> assertThat(e.getMessage()).contains("is not a certfleet backup"));
    }

    @Test
    void a_certificate_directory_outside_the_configuration_directory_is_backed_up_too() throws Exception {
        KubeadmTree tree = tree();
        Path elsewhere = root.resolve("srv/pki");
        Files.createDirectories(elsewhere.getParent());
        Files.move(tree.certDir, elsewhere);
        Path target = root.resolve("backup");

        ConfigDirectoryBackup.Backup backup = backups.create(tree.configDir, elsewhere, target);

        assertThat(backup.manifest().certDirCopy()).isEqualTo(ConfigDirectoryBackup.CERT_DIR_COPY);
        assertThat(target.resolve("certfleet-cert-dir/apiserver.key"))
                .hasBinaryContent(Files.readAllBytes(elsewhere.resolve("apiserver.key")));
        Files.writeString(elsewhere.resolve("apiserver.key"), "replaced");
        backups.restore(target);
        assertThat(elsewhere.resolve("apiserver.key"))
                .hasBinaryContent(Files.readAllBytes(target.resolve("certfleet-cert-dir/apiserver.key")));
    }
}

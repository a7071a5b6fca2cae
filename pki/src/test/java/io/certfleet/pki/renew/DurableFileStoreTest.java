package io.certfleet.pki.renew;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.renew.PkiFileStore.Secrecy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFileStoreTest {

    @TempDir
    Path dir;

    private final DurableFileStore store = new DurableFileStore();

    @Test
    void new_files_get_kubeadm_modes() throws Exception {
        store.write(dir.resolve("a.key"), bytes("key"), Secrecy.SECRET);
        store.write(dir.resolve("sub/a.crt"), bytes("crt"), Secrecy.PUBLIC);

        assertThat(mode(dir.resolve("a.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("sub/a.crt"))).isEqualTo("rw-r--r--");
        assertThat(dir.resolve("sub/a.crt")).hasContent("crt");
    }

    @Test
    void a_replaced_file_keeps_its_mode_and_a_secret_is_narrowed_to_its_owner() throws Exception {
        Path crt = dir.resolve("a.crt");
        Path key = dir.resolve("a.key");
        Files.writeString(crt, "old");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(crt, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        store.write(crt, bytes("new"), Secrecy.PUBLIC);
        store.write(key, bytes("new"), Secrecy.SECRET);

        assertThat(mode(crt)).isEqualTo("rw-r-----");
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(key).hasContent("new");
    }

    @Test
    void a_symlink_stays_a_link_and_its_target_is_replaced() throws Exception {
        Path real = dir.resolve("kubelet-client-2026.pem");
        Files.writeString(real, "old");
        Path link = dir.resolve("kubelet-client-current.pem");
        Files.createSymbolicLink(link, real.getFileName());

        store.write(link, bytes("new"), Secrecy.SECRET);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
    }

    @Test
    void stale_temporaries_of_a_crashed_run_are_removed_and_none_are_left() throws Exception {
        Path target = dir.resolve("apiserver.crt");
        Files.writeString(dir.resolve(".apiserver.crt" + DurableFileStore.TEMP_MARKER + "1234"), "torn");
        Files.writeString(dir.resolve(".other.crt" + DurableFileStore.TEMP_MARKER + "1234"), "not ours to clean");

        store.write(target, bytes("new"), Secrecy.PUBLIC);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("apiserver.crt", ".other.crt" + DurableFileStore.TEMP_MARKER + "1234");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}

package io.certfleet.nodeaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pinned host keys as the services' configuration gives them. */
class SshSettingsTest {
    private static final String KEY = "certfleet.scanner.node-access.ssh-pinned-host-keys";

    @Test
    void pinsAreReadPerClusterAndNode() {
        assertThat(SshSettings.pins(List.of("edge-07/cp-1=SHA256:abc", " edge-07/cp-2 = SHA256:def "), KEY))
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("edge-07/cp-1", "SHA256:abc"),
                        org.assertj.core.api.Assertions.entry("edge-07/cp-2", "SHA256:def"));
        assertThat(SshSettings.pins(null, KEY)).isEmpty();
    }

    @Test
    void anEntryWithoutClusterNodeOrFingerprintIsRefusedByName() {
        for (String entry : List.of("cp-1=SHA256:abc", "edge-07/cp-1", "=SHA256:abc", "edge=07/cp-1")) {
            assertThatThrownBy(() -> SshSettings.pins(List.of(entry), KEY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(KEY + " entry '" + entry + "' must be <cluster>/<node>=SHA256:...");
        }
    }
}

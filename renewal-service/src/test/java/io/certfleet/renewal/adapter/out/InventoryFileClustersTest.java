package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileClustersTest {
    @TempDir
    Path directory;

    @Test
    void readsTheScannersInventoryFormatWithItsDefaults() throws IOException {
        Path file = write("""
                clusters:
                  - id: prod-euw1-01
                    flavour: cluster-api
                    labels: {team: payments, ring: 1}
                    management: {cluster: mgmt, namespace: prod}
                    localRoot: /srv/fleet/prod-euw1-01
                    nodes:
                      - {name: cp-1, role: CONTROL_PLANE, address: 10.0.0.11,
                         endpoints: [{component: APISERVER, url: "https://10.0.0.11:6443"}]}
                      - {name: cp-2, role: control-plane, address: "fd00::12", localRoot: /elsewhere/cp-2}
                      - {name: w-1}
                  - id: bare
                """);

        Map<String, ClusterProfile> clusters = InventoryFileClusters.read(file);

        ClusterProfile prod = clusters.get("prod-euw1-01");
        assertThat(prod.flavour()).isEqualTo(ClusterFlavour.CLUSTER_API);
        assertThat(prod.labels()).containsEntry("ring", "1");
        assertThat(prod.management()).contains(new ClusterProfile.ManagementRef("mgmt", "prod", "prod-euw1-01"));
        assertThat(prod.controlPlaneNodes())
                .extracting(ClusterProfile.Node::name)
                .containsExactly("cp-1", "cp-2");
        ClusterProfile.Node first = prod.node("cp-1").orElseThrow();
        assertThat(first.localRoot()).contains("/srv/fleet/prod-euw1-01/cp-1");
        assertThat(first.endpoint(ClusterProfile.Component.APISERVER)).contains("https://10.0.0.11:6443");
        assertThat(first.endpoint(ClusterProfile.Component.ETCD)).contains("https://10.0.0.11:2379");
        ClusterProfile.Node second = prod.node("cp-2").orElseThrow();
        assertThat(second.localRoot()).contains("/elsewhere/cp-2");
        assertThat(second.endpoint(ClusterProfile.Component.APISERVER)).contains("https://[fd00::12]:6443");
        assertThat(prod.node("w-1").orElseThrow().endpoint(ClusterProfile.Component.APISERVER))
                .isEmpty();
        assertThat(clusters.get("bare").flavour()).isEqualTo(ClusterFlavour.KUBEADM);
        assertThat(clusters.get("bare").management()).isEqualTo(Optional.empty());
    }

    @Test
    void badEntriesSayWhatIsWrong() throws IOException {
        assertThatThrownBy(() -> InventoryFileClusters.read(write("clusters: [{id: a}, {id: a}]")))
                .hasMessage("cluster a is listed twice");
        assertThatThrownBy(() -> InventoryFileClusters.read(write("clusters: [{id: a, flavour: mainframe}]")))
                .hasMessageContaining("flavour 'mainframe' is not one of");
        assertThatThrownBy(() -> InventoryFileClusters.read(write("clusters: [{id: a, nodes: [{role: WORKER}]}]")))
                .hasMessage("cluster a: every node needs a name");
        assertThatThrownBy(() -> InventoryFileClusters.read(write("clusters: [ {id: a")))
                .hasMessageContaining("not valid YAML");
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(directory, "inventory", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}

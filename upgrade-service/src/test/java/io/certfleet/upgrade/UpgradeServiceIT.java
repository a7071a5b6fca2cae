package io.certfleet.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import io.certfleet.events.UpgradeFailed;
import io.certfleet.events.UpgradePlanned;
import io.certfleet.events.UpgradeRequested;
import io.certfleet.messaging.testing.EventConsumerContract;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** upgrade-service against the real broker and database: UpgradeRequested in, upgrade_plan + UpgradePlanned out. */
class UpgradeServiceIT extends EventConsumerContract {

    @Override
    protected String schema() {
        return "upgrade";
    }

    @Override
    protected String consumerGroup() {
        return "upgrade.upgrades";
    }

    @Override
    protected String consumerName() {
        return "upgrade.upgrades";
    }

    @Override
    protected CloudEvent sampleInput(String clusterId) {
        return request(clusterId, UUID.randomUUID().toString(), "v1.29.7", "v1.31.2");
    }

    @Override
    protected long effectCount(String clusterId) {
        return service.count("SELECT count(*) FROM upgrade_plan WHERE cluster_id = ?", clusterId);
    }

    @Override
    protected Optional<Class<? extends EventData>> answerType() {
        return Optional.of(UpgradePlanned.class);
    }

    @Test
    void plannedHopsArePersistedAndPublished() {
        String clusterId = newClusterId();
        String upgradeId = "upg-" + UUID.randomUUID();

        kafka.send(request(clusterId, upgradeId, "v1.29.7", "v1.31.2"));

        eventually().until(() -> kafka.events(UpgradePlanned.class, clusterId).size() == 1);
        UpgradePlanned planned = (UpgradePlanned)
                kafka.events(UpgradePlanned.class, clusterId).get(0).data();
        assertThat(planned.upgradeId()).isEqualTo(upgradeId);
        assertThat(planned.hops()).containsExactly("v1.30", "v1.31.2");
        assertThat(service.rows(
                        "SELECT state, array_to_string(hops, ',') AS hops FROM upgrade_plan WHERE upgrade_id = ?",
                        upgradeId))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("state")).isEqualTo("PLANNED");
                    assertThat(row.get("hops")).isEqualTo("v1.30,v1.31.2");
                });
    }

    @Test
    void downgradeIsRejectedAsUpgradeFailed() {
        String clusterId = newClusterId();
        String upgradeId = "upg-" + UUID.randomUUID();

        kafka.send(request(clusterId, upgradeId, "v1.31.2", "v1.30.9"));

        eventually().until(() -> kafka.events(UpgradeFailed.class, clusterId).size() == 1);
        UpgradeFailed failed = (UpgradeFailed)
                kafka.events(UpgradeFailed.class, clusterId).get(0).data();
        assertThat(failed.step()).isEqualTo("PLAN");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).contains("does not downgrade");
        assertThat(service.rows("SELECT state FROM upgrade_plan WHERE upgrade_id = ?", upgradeId))
                .singleElement()
                .satisfies(row -> assertThat(row.get("state")).isEqualTo("REJECTED"));
        assertThat(kafka.events(UpgradePlanned.class, clusterId)).isEmpty();
    }

    @Test
    void repeatedRequestForTheSameUpgradeUnderANewEventIdPlansOnce() {
        String clusterId = newClusterId();
        String upgradeId = "upg-" + UUID.randomUUID();
        kafka.send(request(clusterId, upgradeId, "v1.30.8", "v1.31.2"));

        var again = kafka.send(request(clusterId, upgradeId, "v1.30.8", "v1.31.2"));

        eventually().until(() -> kafka.consumed(consumerGroup(), again));
        assertThat(effectCount(clusterId)).isEqualTo(1);
        assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                .isEqualTo(1);
    }

    private static CloudEvent request(String clusterId, String upgradeId, String from, String to) {
        return CloudEvent.of(
                new UpgradeRequested(upgradeId, clusterId, from, to, "chatops:alice", "v1.29 leaves support"),
                "/certfleet/upgrade",
                Clock.systemUTC());
    }
}

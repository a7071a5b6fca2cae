package io.certfleet.notifier.adapter.out;

import io.certfleet.notifier.application.Notifications;
import io.certfleet.notifier.domain.Notification;
import jakarta.inject.Singleton;
import java.time.Instant;

/** {@link Notifications} on PostgreSQL through Micronaut Data JDBC. */
@Singleton
final class JdbcNotifications implements Notifications {
    private final NotificationRows rows;

    JdbcNotifications(NotificationRows rows) {
        this.rows = rows;
    }

    @Override
    public boolean exists(String problemKey) {
        return rows.existsByProblemKey(problemKey);
    }

    @Override
    public void add(Notification n) {
        rows.save(new NotificationRow(
                n.id(),
                n.problemKey(),
                n.clusterId(),
                n.kind().name(),
                n.severity(),
                n.title(),
                n.detail(),
                Notification.PENDING,
                n.occurrences(),
                n.firstSeenAt(),
                n.lastSeenAt(),
                n.sourceEventId()));
    }

    @Override
    public void recordRepeat(String problemKey, Instant at) {
        rows.recordRepeat(problemKey, at);
    }
}

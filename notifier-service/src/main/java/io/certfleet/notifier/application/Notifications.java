package io.certfleet.notifier.application;

import io.certfleet.notifier.domain.Notification;
import java.time.Instant;

/** Where notifications are kept (the {@code notification} table). Runs in the caller's transaction. */
public interface Notifications {

    boolean exists(String problemKey);

    void add(Notification notification);

    /** Counts one more sighting of an existing problem. */
    void recordRepeat(String problemKey, Instant at);
}

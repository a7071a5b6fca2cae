package io.certfleet.notifier.domain;

/** Whether an event opens a notification or repeats one people already have. */
public sealed interface NotificationDecision {

    String problemKey();

    /** A new problem: notify. */
    record Open(Notification notification) implements NotificationDecision {
        @Override
        public String problemKey() {
            return notification.problemKey();
        }
    }

    /** The same problem again: count it, do not notify again. */
    record Repeat(String problemKey, String reason) implements NotificationDecision {}
}

package io.certfleet.notifier.domain;

/** What a notification is about. */
public enum NotificationKind {
    /** A certificate crossed an expiry threshold. */
    EXPIRY,
    /** A renewal was decided; people may have to approve it. */
    RENEWAL_REQUESTED
}

package io.certfleet.notifier.domain;

/** What a notification is about. */
public enum NotificationKind {
    /** A certificate crossed an expiry threshold. */
    EXPIRY,
    /** A renewal was decided; people may have to approve it. */
    RENEWAL_REQUESTED,
    /** A renewal failed (or was cancelled): the cluster is as the failed step left it, someone has to look. */
    RENEWAL_FAILED
}

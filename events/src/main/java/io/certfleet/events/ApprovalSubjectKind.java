package io.certfleet.events;

/** What an {@link ApprovalGranted} approves. */
public enum ApprovalSubjectKind {
    /** A renewal; the subject id is a {@code renewalId}. */
    RENEWAL,
    /** An upgrade; the subject id is an {@code upgradeId}. */
    UPGRADE
}

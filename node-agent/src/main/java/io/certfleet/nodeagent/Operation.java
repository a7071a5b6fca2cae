package io.certfleet.nodeagent;

/** What a node agent can be asked to do; the {@code operation} of a request and of its result. */
public enum Operation {
    SCAN,
    RENEW,
    BACKUP,
    RESTORE,
    RESTART_CONTROL_PLANE,
    VERIFY
}

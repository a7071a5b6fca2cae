package io.certfleet.nodeagent;

/** What a node agent can be asked to do; the {@code operation} of a request and of its result. */
public enum Operation {
    SCAN,
    RENEW,
    BACKUP,
    RESTORE,
    RESTART_CONTROL_PLANE,
    VERIFY,
    /** Install certificates an external CA signed, with the keys {@code RENEW} with {@code csrDir} staged. */
    INSTALL,
    /** Sign a public key with the identity of admin.conf's client certificate; writes nothing. */
    ISSUE_CLIENT_CERTIFICATE,
    /** Remove keys and CSRs {@code RENEW} with {@code csrDir} staged that will never be installed. */
    DISCARD_STAGED
}

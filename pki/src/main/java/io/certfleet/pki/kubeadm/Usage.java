package io.certfleet.pki.kubeadm;

/**
 * The "kind" column of the seed 003 table. Both kinds carry digital signature and key encipherment;
 * {@code SERVER} adds server auth, {@code CLIENT} adds client auth.
 */
public enum Usage {
    SERVER,
    CLIENT
}

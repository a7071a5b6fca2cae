package io.certfleet.renewal.application;

import java.util.UUID;

/**
 * This instance no longer holds the renewal's lease (it ran out and another instance claimed the renewal): whatever
 * it was about to write is rolled back, and it stops working on the renewal.
 */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(UUID renewalId) {
        super("lease on renewal " + renewalId + " was lost");
    }
}

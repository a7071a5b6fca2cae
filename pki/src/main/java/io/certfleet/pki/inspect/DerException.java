package io.certfleet.pki.inspect;

/** Bytes that are not the ASN.1 the reader expected; the message never contains those bytes. */
final class DerException extends RuntimeException {
    private final int offset;

    DerException(int offset, String message) {
        super(message);
        this.offset = offset;
    }

    int offset() {
        return offset;
    }

    /** The message with where it happened: "... (at byte 40)". */
    String located() {
        return getMessage() + " (at byte " + offset + ")";
    }
}

package io.certfleet.pki.inspect;

import java.util.Objects;

/** What inspecting some bytes gave: a certificate (perhaps with findings), or a refusal that says why. */
public sealed interface Inspection {

    /** The bytes are a certificate; odd parts are in {@link InspectedCertificate#findings()}. */
    record Parsed(InspectedCertificate certificate) implements Inspection {
        public Parsed {
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /**
     * The bytes are not a certificate certfleet (or openssl) can read.
     *
     * @param reason specific and safe to show: it names the structure and offset, never the bytes
     */
    record Refused(String reason) implements Inspection {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

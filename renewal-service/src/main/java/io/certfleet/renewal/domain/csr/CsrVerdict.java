package io.certfleet.renewal.domain.csr;

import java.util.Objects;

/** The review of one kubelet-serving CSR, with the reason (recorded in the CSR's condition message). */
public sealed interface CsrVerdict {
    String reason();

    record Approve(String reason) implements CsrVerdict {
        public Approve {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Deny(String reason) implements CsrVerdict {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

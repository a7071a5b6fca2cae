package io.certfleet.renewal.adapter.out;

import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The values of one attribute of a distinguished name, also inside multi-valued RDNs, in order. */
final class X500Values {
    private X500Values() {}

    static List<String> of(X500Name name, ASN1ObjectIdentifier type) {
        return Arrays.stream(name.getRDNs(type))
                .flatMap(rdn -> Arrays.stream(rdn.getTypesAndValues()))
                .filter(value -> value.getType().equals(type))
                .map(value -> IETFUtils.valueToString(value.getValue()))
                .toList();
    }
}

package io.certfleet.pki.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;

/** Algorithm, size and curve of a SubjectPublicKeyInfo, with findings about unusual keys. */
record PublicKeyDescription(String algorithm, int size, Optional<String> curve, List<Finding> findings) {

    static PublicKeyDescription of(Der.Node spkiNode) {
        List<Finding> findings = new ArrayList<>();
        Der.Node algorithmId = spkiNode.child(0, "algorithm");
        String oid = algorithmId.child(0, "algorithm identifier").oid();
        try {
            SubjectPublicKeyInfo spki =
                    SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(spkiNode.encoded()));
            return switch (oid) {
                case Oids.RSA, Oids.RSA_PSS -> {
                    var key = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey());
                    int bits = key.getModulus().bitLength();
                    if (bits < 2048) {
                        findings.add(Finding.warning(
                                "WEAK_KEY",
                                "RSA key of " + bits + " bits; Kubernetes components expect at least 2048"));
                    }
                    yield new PublicKeyDescription(
                            Oids.RSA_PSS.equals(oid) ? "RSA-PSS" : "RSA", bits, Optional.empty(), findings);
                }
                case Oids.EC -> ec(spki, findings);
                case Oids.ED25519 -> new PublicKeyDescription("Ed25519", 256, Optional.empty(), findings);
                case Oids.ED448 -> new PublicKeyDescription("Ed448", 456, Optional.empty(), findings);
                case Oids.DSA -> {
                    ASN1Encodable params = spki.getAlgorithm().getParameters();
                    int bits = params == null
                            ? 0
                            : DSAParameter.getInstance(params).getP().bitLength();
                    findings.add(Finding.warning("DSA_KEY", "DSA key; TLS stacks of Kubernetes do not accept DSA"));
                    yield new PublicKeyDescription("DSA", bits, Optional.empty(), findings);
                }
                default -> {
                    findings.add(
                            Finding.warning("UNKNOWN_KEY_ALGORITHM", "public key algorithm " + oid + " is not known"));
                    yield new PublicKeyDescription(oid, 0, Optional.empty(), findings);
                }
            };
        } catch (Exception e) {
            // openssl also prints an undecodable key as raw bytes and still reads the dates.
            findings.add(Finding.warning("MALFORMED_PUBLIC_KEY", "the public key could not be decoded"));
            String name = switch (oid) {
                case Oids.RSA -> "RSA";
                case Oids.EC -> "EC";
                default -> oid;
            };
            return new PublicKeyDescription(name, 0, Optional.empty(), findings);
        }
    }

    private static PublicKeyDescription ec(SubjectPublicKeyInfo spki, List<Finding> findings) {
        ASN1Encodable parameters = spki.getAlgorithm().getParameters();
        X962Parameters x962 = X962Parameters.getInstance(parameters);
        if (x962.isNamedCurve()) {
            ASN1ObjectIdentifier curveOid = ASN1ObjectIdentifier.getInstance(x962.getParameters());
            X9ECParameters known = ECNamedCurveTable.getByOID(curveOid);
            String name = Oids.CURVES.getOrDefault(curveOid.getId(), ECNamedCurveTable.getName(curveOid));
            if (name == null) {
                name = curveOid.getId();
            }
            int bits = known == null ? 0 : known.getCurve().getFieldSize();
            return new PublicKeyDescription("EC", bits, Optional.of(name), findings);
        }
        if (x962.isImplicitlyCA()) {
            findings.add(
                    Finding.warning("EC_IMPLICIT_CURVE", "EC key inherits its curve from the issuer (implicitlyCA)"));
            return new PublicKeyDescription("EC", 0, Optional.empty(), findings);
        }
        X9ECParameters explicit = X9ECParameters.getInstance(x962.getParameters());
        int bits = explicit.getCurve().getFieldSize();
        Optional<String> match = namedEquivalent(explicit);
        findings.add(Finding.warning(
                "EC_EXPLICIT_PARAMETERS",
                "EC key spells out its curve parameters instead of naming the curve"
                        + match.map(n -> " (they are " + n + ")").orElse("")
                        + "; Go and Java TLS stacks reject such keys"));
        return new PublicKeyDescription("EC", bits, match, findings);
    }

    private static Optional<String> namedEquivalent(X9ECParameters explicit) {
        for (Map.Entry<String, String> entry : Oids.CURVES.entrySet()) {
            X9ECParameters named = ECNamedCurveTable.getByOID(new ASN1ObjectIdentifier(entry.getKey()));
            if (named != null
                    && named.getCurve().equals(explicit.getCurve())
                    && named.getG().equals(explicit.getG())
                    && named.getN().equals(explicit.getN())) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }
}

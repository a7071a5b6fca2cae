package io.certfleet.renewal.domain.csr;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 requests as a kubelet (or an attacker with a node's credentials) would make them, with Bouncy Castle. */
public final class TestCsrs {
    private static final KeyPair KEY = key();

    private TestCsrs() {}

    /**
     * @param subject e.g. {@code O=system:nodes,CN=system:node:worker-1}
     * @param sans {@code DNS:name}, {@code IP:addr} or {@code URI:...}
     * @return the PEM text
     */
    public static String pem(String subject, List<String> sans) {
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), KEY.getPublic());
            if (!sans.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String san : sans) {
                    String value = san.substring(san.indexOf(':') + 1);
                    names.add(
                            switch (san.substring(0, san.indexOf(':'))) {
                                case "DNS" -> new GeneralName(GeneralName.dNSName, value);
                                case "IP" ->
                                    new GeneralName(
                                            GeneralName.iPAddress,
                                            InetAddress.getByName(value).getHostAddress());
                                case "URI" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                                default -> throw new IllegalArgumentException(san);
                            });
                }
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            PKCS10CertificationRequest request =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair key() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

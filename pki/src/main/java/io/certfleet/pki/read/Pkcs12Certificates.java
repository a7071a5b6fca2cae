package io.certfleet.pki.read;

import io.certfleet.pki.inspect.CertificateInspector;
import io.certfleet.pki.inspect.Inspection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificates of a PKCS#12 store. Only certificates are taken; private keys stay encrypted inside
 * the store (the JDK decrypts a key only when asked for it, and nothing here asks).
 */
final class Pkcs12Certificates {
    private Pkcs12Certificates() {}

    static ReadResult read(byte[] content, String password) {
        KeyStore store;
        Exception passwordFailure = null;
        try {
            store = load(content, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            if (!password.isEmpty()) {
                return ReadResult.failed(failure(e));
            }
            // a store written without any password (no MAC, no encryption) opens with null
            passwordFailure = e;
            try {
                store = load(content, null);
            } catch (IOException | GeneralSecurityException e2) {
                return ReadResult.failed(failure(e));
            }
        }
        try {
            Map<String, byte[]> unique = new LinkedHashMap<>();
            List<String> aliases = Collections.list(store.aliases());
            Collections.sort(aliases);
            for (String alias : aliases) {
                List<Certificate> certs = new ArrayList<>();
                Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias) : null;
                if (chain != null) {
                    certs.addAll(List.of(chain));
                } else if (store.getCertificate(alias) != null) {
                    certs.add(store.getCertificate(alias));
                }
                for (Certificate cert : certs) {
                    byte[] der = cert.getEncoded();
                    unique.putIfAbsent(HexFormat.of().formatHex(der), der);
                }
            }
            ReadResult.Builder out = new ReadResult.Builder();
            int n = 1;
            for (byte[] der : unique.values()) {
                String source = "PKCS#12 certificate " + n++;
                switch (CertificateInspector.inspect(der)) {
                    case Inspection.Parsed p ->
                        out.certificate(source, FoundCertificate.Kind.CERTIFICATE, p.certificate());
                    case Inspection.Refused r -> out.problem(source + ": not a readable certificate: " + r.reason());
                }
            }
            if (unique.isEmpty()) {
                // opened without a password but everything is encrypted: the empty password was wrong
                out.problem(passwordFailure != null ? failure(passwordFailure) : "PKCS#12 store holds no certificate");
            }
            return out.build();
        } catch (GeneralSecurityException e) {
            return ReadResult.failed(
                    "PKCS#12 store could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyStore load(byte[] content, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(content), password);
        return store;
    }

    private static String failure(Exception e) {
        Throwable cause = e.getCause();
        if (cause instanceof java.security.UnrecoverableKeyException
                || String.valueOf(e.getMessage()).contains("password")) {
            return "PKCS#12 store: wrong password or failed integrity check (give the password with the PKCS#12"
                    + " password option)";
        }
        return "PKCS#12 store could not be opened (" + e.getClass().getSimpleName() + ")";
    }
}

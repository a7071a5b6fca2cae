package io.certfleet.pki.renew;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds private key material: PEM key bodies, also inside kubeconfig client-key-data. */
final class SecretScan {
    private static final Pattern KEY_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern KEY_DATA = Pattern.compile("client-key-data:\\s*\"?([A-Za-z0-9+/=]+)");

    private SecretScan() {}

    /** The base64 body lines (at least 40 characters) of every private key in {@code text}, embedded ones included. */
    static List<String> keyLines(String text) {
        List<String> lines = new ArrayList<>();
        collect(text, lines);
        Matcher data = KEY_DATA.matcher(text);
        while (data.find()) {
            String pem = new String(Base64.getMimeDecoder().decode(data.group(1)), StandardCharsets.US_ASCII);
            collect(pem, lines);
            // the embedded form itself, as it would appear if a kubeconfig were echoed
            lines.add(data.group(1).substring(0, Math.min(64, data.group(1).length())));
        }
        return lines;
    }

    private static void collect(String text, List<String> lines) {
        Matcher block = KEY_BLOCK.matcher(text);
        while (block.find()) {
            block.group(2)
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.length() >= 40)
                    .forEach(lines::add);
        }
    }
}

package io.certfleet.pki.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into PEM blocks the way openssl does: any text before, between or after blocks is
 * ignored; line ends may be LF, CRLF or CR; lines may be indented (PEM pasted into YAML). A block
 * without its END line is reported as truncated. The base64 of a block is decoded only on request,
 * so private key blocks are never decoded at all.
 */
final class PemBlocks {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ._#/-]{1,64})-----");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ._#/-]{1,64})-----");
    private static final byte[] MARKER = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    private PemBlocks() {}

    /** One block: its 1-based number, label and body lines; {@code problem} is set when it is broken. */
    record Block(int number, String label, List<String> body, String problem) {

        boolean isPrivateKey() {
            return label.contains("PRIVATE KEY");
        }

        String describe() {
            return "PEM block " + number + " (" + label + ")";
        }

        /** Decodes the base64 body, skipping RFC 1421 header lines ("Proc-Type: ..."). */
        byte[] decode() {
            StringBuilder base64 = new StringBuilder();
            for (String line : body) {
                if (line.indexOf(':') >= 0) {
                    continue;
                }
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (!Character.isWhitespace(c)) {
                        base64.append(c);
                    }
                }
            }
            try {
                return Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                // the JDK message quotes the offending character; say only what is wrong
                throw new IllegalArgumentException("its base64 body is invalid");
            }
        }
    }

    static boolean containsPem(byte[] content) {
        outer:
        for (int i = 0; i + MARKER.length <= content.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (content[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static List<Block> split(byte[] content) {
        // ISO-8859-1 maps every byte to one char, so odd bytes outside blocks cannot break decoding.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> blocks = new ArrayList<>();
        String label = null;
        List<String> body = null;
        for (String raw : lines) {
            String line = raw.strip();
            Matcher begin = BEGIN.matcher(line);
            if (begin.matches()) {
                if (label != null) {
                    blocks.add(new Block(
                            blocks.size() + 1, label, body, "has no END line before the next BEGIN (truncated)"));
                }
                label = begin.group(1);
                body = new ArrayList<>();
                continue;
            }
            if (label == null) {
                continue;
            }
            Matcher end = END.matcher(line);
            if (end.matches()) {
                String problem =
                        end.group(1).equals(label) ? null : "ends with a mismatched END " + end.group(1) + " line";
                blocks.add(new Block(blocks.size() + 1, label, body, problem));
                label = null;
                body = null;
                continue;
            }
            body.add(line);
        }
        if (label != null) {
            blocks.add(new Block(blocks.size() + 1, label, body, "has no END line (truncated)"));
        }
        return blocks;
    }
}

package io.certfleet.pki.inspect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * X.500 names: decoded from DER into the RFC 4514 string form (most specific RDN first, like
 * {@code openssl -nameopt RFC2253} and Go's {@code pkix.Name.String()}), and read back by attribute
 * type. Invalid UTF-8 is refused, as openssl refuses it; unknown value types become {@code #hex}.
 */
final class DistinguishedName {
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.9", "STREET"),
            Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.4", "SN"),
            Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.12", "title"),
            Map.entry("2.5.4.17", "postalCode"),
            Map.entry("2.5.4.42", "GN"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"),
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"));

    private DistinguishedName() {}

    /** Decodes a Name; {@code role} ("issuer", "subject") prefixes any refusal. */
    static String decode(Der.Node name, String role) {
        if (!name.isUniversal(Der.SEQUENCE)) {
            throw new DerException(name.offset, role + " is " + name.describe() + ", not a Name (SEQUENCE)");
        }
        List<String> rdns = new ArrayList<>();
        for (Der.Node rdn : name.children()) {
            if (!rdn.isUniversal(Der.SET)) {
                throw new DerException(rdn.offset, role + ": a relative distinguished name is not a SET");
            }
            List<String> parts = new ArrayList<>();
            for (Der.Node atv : rdn.children()) {
                if (!atv.isUniversal(Der.SEQUENCE) || atv.children().size() != 2) {
                    throw new DerException(atv.offset, role + ": an attribute is not a (type, value) pair");
                }
                String oid = atv.children().get(0).oid();
                Der.Node value = atv.children().get(1);
                String type = SHORT_NAMES.getOrDefault(oid, oid);
                parts.add(type + "=" + renderValue(value, role, type));
            }
            rdns.add(String.join("+", parts));
        }
        List<String> reversed = new ArrayList<>(rdns);
        java.util.Collections.reverse(reversed);
        return String.join(",", reversed);
    }

    private static String renderValue(Der.Node value, String role, String type) {
        if (value.constructed) {
            // openssl parses an unknown constructed value as a structure; a corrupt one is refused there too.
            try {
                value.validateDeep();
            } catch (DerException e) {
                throw new DerException(
                        e.offset(),
                        role + ": attribute " + type + " has " + value.describe() + " value that is malformed ("
                                + e.getMessage() + ")");
            }
            return "#" + HexFormat.of().formatHex(value.encoded());
        }
        byte[] content = value.content();
        String text = switch (value.tagClass == Der.UNIVERSAL ? value.tagNumber : -1) {
            case Der.UTF8_STRING -> strictUtf8(content, value, role, type);
            case Der.PRINTABLE_STRING, Der.IA5_STRING, Der.NUMERIC_STRING, Der.VISIBLE_STRING ->
                new String(content, StandardCharsets.ISO_8859_1);
            // T.61 in theory; in practice Latin-1, which is also what openssl assumes.
            case Der.TELETEX_STRING -> new String(content, StandardCharsets.ISO_8859_1);
            case Der.BMP_STRING -> new String(content, StandardCharsets.UTF_16BE);
            case Der.UNIVERSAL_STRING -> new String(content, java.nio.charset.Charset.forName("UTF-32BE"));
            default -> null;
        };
        if (text == null) {
            return "#" + HexFormat.of().formatHex(value.encoded());
        }
        return escape(text);
    }

    private static String strictUtf8(byte[] content, Der.Node value, String role, String type) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DerException(
                    value.offset, role + ": attribute " + type + " is a UTF8String that is not valid UTF-8");
        }
    }

    /** RFC 4514 section 2.4 escaping. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean leading = i == 0 && (c == ' ' || c == '#');
            boolean trailing = i == value.length() - 1 && c == ' ';
            if (leading || trailing || ",+\"\\<>;".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == 0) {
                out.append("\\00");
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\\').append(String.format("%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Every value of {@code type} in an RFC 4514 string, in order of appearance. */
    static List<String> values(String rfc4514, String type) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = rfc4514.length();
        while (i < n) {
            int eq = rfc4514.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String attrType = rfc4514.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            while (j < n) {
                char c = rfc4514.charAt(j);
                if (c == '\\' && j + 1 < n) {
                    char next = rfc4514.charAt(j + 1);
                    if (isHex(next) && j + 2 < n && isHex(rfc4514.charAt(j + 2))) {
                        value.append((char) Integer.parseInt(rfc4514.substring(j + 1, j + 3), 16));
                        j += 3;
                    } else {
                        value.append(next);
                        j += 2;
                    }
                    continue;
                }
                if (c == ',' || c == '+') {
                    break;
                }
                value.append(c);
                j++;
            }
            if (attrType.equalsIgnoreCase(type)) {
                out.add(value.toString());
            }
            i = j + 1;
        }
        return out;
    }

    static Optional<String> firstValue(String rfc4514, String type) {
        return values(rfc4514, type).stream().findFirst();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

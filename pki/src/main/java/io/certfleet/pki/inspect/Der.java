package io.certfleet.pki.inspect;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small, lazy reader of ASN.1 DER (and BER indefinite lengths) written for certificates made to
 * break parsers: each element knows its offset, so a refusal can say exactly where the bytes stop
 * making sense, and children are only decoded when a field is read — the way openssl reads the
 * fields it understands and keeps the others as opaque octets.
 */
final class Der {
    static final int UNIVERSAL = 0;
    static final int APPLICATION = 1;
    static final int CONTEXT = 2;
    static final int PRIVATE = 3;

    static final int BOOLEAN = 1;
    static final int INTEGER = 2;
    static final int BIT_STRING = 3;
    static final int OCTET_STRING = 4;
    static final int NULL = 5;
    static final int OID = 6;
    static final int UTF8_STRING = 12;
    static final int SEQUENCE = 16;
    static final int SET = 17;
    static final int NUMERIC_STRING = 18;
    static final int PRINTABLE_STRING = 19;
    static final int TELETEX_STRING = 20;
    static final int IA5_STRING = 22;
    static final int UTC_TIME = 23;
    static final int GENERALIZED_TIME = 24;
    static final int VISIBLE_STRING = 26;
    static final int UNIVERSAL_STRING = 28;
    static final int BMP_STRING = 30;

    private static final int MAX_DEPTH = 48;

    private Der() {}

    /** Reads the one element starting at {@code offset}; {@code end} bounds it (exclusive). */
    static Node read(byte[] buf, int offset, int end) {
        return read(buf, offset, end, 0);
    }

    private static Node read(byte[] buf, int offset, int end, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DerException(offset, "nested more than " + MAX_DEPTH + " levels deep");
        }
        int pos = offset;
        if (pos >= end) {
            throw new DerException(offset, "an element was expected but the data ended");
        }
        int first = buf[pos++] & 0xff;
        int tagClass = first >>> 6;
        boolean constructed = (first & 0x20) != 0;
        int tagNumber = first & 0x1f;
        if (tagNumber == 0x1f) {
            tagNumber = 0;
            int b;
            int count = 0;
            do {
                if (pos >= end) {
                    throw new DerException(offset, "the tag is truncated");
                }
                b = buf[pos++] & 0xff;
                tagNumber = (tagNumber << 7) | (b & 0x7f);
                if (++count > 4) {
                    throw new DerException(offset, "the tag number is too large");
                }
            } while ((b & 0x80) != 0);
        }
        if (pos >= end) {
            throw new DerException(offset, "the length is missing (data ends after the tag)");
        }
        int lengthByte = buf[pos++] & 0xff;
        if (lengthByte == 0x80) {
            if (!constructed) {
                throw new DerException(offset, "a primitive element has an indefinite length");
            }
            // BER indefinite length: children up to an end-of-contents marker (00 00).
            int contentStart = pos;
            List<Node> children = new ArrayList<>();
            while (true) {
                if (pos + 1 < end && buf[pos] == 0 && buf[pos + 1] == 0) {
                    Node node = new Node(
                            buf, tagClass, constructed, tagNumber, offset, contentStart, pos, pos + 2, true, depth);
                    node.children = Collections.unmodifiableList(children);
                    return node;
                }
                if (pos >= end) {
                    throw new DerException(offset, "an indefinite-length element has no end-of-contents marker");
                }
                Node child = read(buf, pos, end, depth + 1);
                children.add(child);
                pos = child.end;
            }
        }
        long length;
        if ((lengthByte & 0x80) == 0) {
            length = lengthByte;
        } else {
            int octets = lengthByte & 0x7f;
            if (octets > 4) {
                throw new DerException(offset, "a length of " + octets + " octets is not supported");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                if (pos >= end) {
                    throw new DerException(offset, "the length is truncated");
                }
                length = (length << 8) | (buf[pos++] & 0xff);
            }
        }
        long available = (long) end - pos;
        if (length > available) {
            throw new DerException(
                    offset, "a length of " + length + " bytes overruns the " + available + " bytes left");
        }
        return new Node(
                buf,
                tagClass,
                constructed,
                tagNumber,
                offset,
                pos,
                (int) (pos + length),
                (int) (pos + length),
                false,
                depth);
    }

    /** One element. Children of constructed elements are read on first access. */
    static final class Node {
        final byte[] buf;
        final int tagClass;
        final boolean constructed;
        final int tagNumber;
        final int offset;
        final int contentStart;
        final int contentEnd;
        final int end;
        final boolean indefinite;
        private final int depth;
        private List<Node> children;

        Node(
                byte[] buf,
                int tagClass,
                boolean constructed,
                int tagNumber,
                int offset,
                int contentStart,
                int contentEnd,
                int end,
                boolean indefinite,
                int depth) {
            this.buf = buf;
            this.tagClass = tagClass;
            this.constructed = constructed;
            this.tagNumber = tagNumber;
            this.offset = offset;
            this.contentStart = contentStart;
            this.contentEnd = contentEnd;
            this.end = end;
            this.indefinite = indefinite;
            this.depth = depth;
        }

        boolean is(int tagClass, int tagNumber) {
            return this.tagClass == tagClass && this.tagNumber == tagNumber;
        }

        boolean isUniversal(int tagNumber) {
            return is(UNIVERSAL, tagNumber);
        }

        boolean isContext(int tagNumber) {
            return is(CONTEXT, tagNumber);
        }

        int contentLength() {
            return contentEnd - contentStart;
        }

        byte[] content() {
            byte[] copy = new byte[contentEnd - contentStart];
            System.arraycopy(buf, contentStart, copy, 0, copy.length);
            return copy;
        }

        /** The complete encoding of this element (header and content). */
        byte[] encoded() {
            byte[] copy = new byte[end - offset];
            System.arraycopy(buf, offset, copy, 0, copy.length);
            return copy;
        }

        List<Node> children() {
            if (children == null) {
                if (!constructed) {
                    throw new DerException(offset, describe() + " is primitive where a structure was expected");
                }
                List<Node> list = new ArrayList<>();
                int pos = contentStart;
                while (pos < contentEnd) {
                    Node child = Der.read(buf, pos, contentEnd, depth + 1);
                    list.add(child);
                    pos = child.end;
                }
                children = Collections.unmodifiableList(list);
            }
            return children;
        }

        /** Reads every nested structure, so a corrupt inner length is found now rather than never. */
        void validateDeep() {
            if (constructed) {
                for (Node child : children()) {
                    child.validateDeep();
                }
            }
        }

        BigInteger integer() {
            if (!isUniversal(INTEGER)) {
                throw new DerException(offset, "expected an INTEGER, found " + describe());
            }
            if (contentLength() == 0) {
                throw new DerException(offset, "an INTEGER has no content");
            }
            return new BigInteger(content());
        }

        boolean bool() {
            if (!isUniversal(BOOLEAN) || contentLength() != 1) {
                throw new DerException(offset, "expected a BOOLEAN, found " + describe());
            }
            return buf[contentStart] != 0;
        }

        String oid() {
            if (!isUniversal(OID)) {
                throw new DerException(offset, "expected an OBJECT IDENTIFIER, found " + describe());
            }
            if (contentLength() == 0) {
                throw new DerException(offset, "an OBJECT IDENTIFIER has no content");
            }
            StringBuilder out = new StringBuilder();
            BigInteger value = BigInteger.ZERO;
            boolean firstArc = true;
            for (int i = contentStart; i < contentEnd; i++) {
                int b = buf[i] & 0xff;
                value = value.shiftLeft(7).or(BigInteger.valueOf(b & 0x7f));
                if ((b & 0x80) == 0) {
                    if (firstArc) {
                        int arc1 = value.compareTo(BigInteger.valueOf(80)) >= 0 ? 2 : value.intValue() / 40;
                        out.append(arc1).append('.').append(value.subtract(BigInteger.valueOf(arc1 * 40L)));
                        firstArc = false;
                    } else {
                        out.append('.').append(value);
                    }
                    value = BigInteger.ZERO;
                } else if (i == contentEnd - 1) {
                    throw new DerException(offset, "an OBJECT IDENTIFIER is truncated");
                }
            }
            return out.toString();
        }

        /** Content of a BIT STRING without its unused-bits octet; {@code [0]} is that count. */
        byte[] bitString() {
            if (!isUniversal(BIT_STRING) || contentLength() == 0) {
                throw new DerException(offset, "expected a BIT STRING, found " + describe());
            }
            return content();
        }

        byte[] octetString() {
            if (!isUniversal(OCTET_STRING)) {
                throw new DerException(offset, "expected an OCTET STRING, found " + describe());
            }
            return content();
        }

        Node child(int index, String what) {
            List<Node> list = children();
            if (index >= list.size()) {
                throw new DerException(offset, describe() + " has no " + what);
            }
            return list.get(index);
        }

        String describe() {
            if (tagClass == UNIVERSAL) {
                return switch (tagNumber) {
                    case BOOLEAN -> "a BOOLEAN";
                    case INTEGER -> "an INTEGER";
                    case BIT_STRING -> "a BIT STRING";
                    case OCTET_STRING -> "an OCTET STRING";
                    case NULL -> "a NULL";
                    case OID -> "an OBJECT IDENTIFIER";
                    case UTF8_STRING -> "a UTF8String";
                    case SEQUENCE -> "a SEQUENCE";
                    case SET -> "a SET";
                    case PRINTABLE_STRING -> "a PrintableString";
                    case IA5_STRING -> "an IA5String";
                    case UTC_TIME -> "a UTCTime";
                    case GENERALIZED_TIME -> "a GeneralizedTime";
                    default -> "a universal tag " + tagNumber;
                };
            }
            String cls = switch (tagClass) {
                case APPLICATION -> "APPLICATION";
                case CONTEXT -> "context";
                default -> "PRIVATE";
            };
            return "a [" + cls + " " + tagNumber + "] element";
        }
    }
}

package io.certfleet.pki.inspect;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UTCTime and GeneralizedTime. RFC 5280 fixes {@code YYMMDDHHMMSSZ} and {@code YYYYMMDDHHMMSSZ}; the
 * looser forms openssl also accepts (no seconds, an offset, fractions) are read too, and reported.
 */
final class X509Time {
    private static final Pattern UTC =
            Pattern.compile("(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(Z|[+-]\\d{4})");
    private static final Pattern GENERALIZED =
            Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(\\.\\d+)?(Z|[+-]\\d{4})");

    private X509Time() {}

    /** The instant, truncated to the second like openssl; odd forms add a finding to {@code findings}. */
    static Instant decode(Der.Node node, String field, List<Finding> findings) {
        String text = new String(node.content(), StandardCharsets.ISO_8859_1);
        boolean utc = node.isUniversal(Der.UTC_TIME);
        if (!utc && !node.isUniversal(Der.GENERALIZED_TIME)) {
            throw new DerException(
                    node.offset, field + " is " + node.describe() + ", not a UTCTime or GeneralizedTime");
        }
        Matcher m = (utc ? UTC : GENERALIZED).matcher(text);
        if (!m.matches()) {
            throw new DerException(node.offset, field + " is not a valid " + (utc ? "UTCTime" : "GeneralizedTime"));
        }
        try {
            int year;
            int i = 1;
            if (utc) {
                int yy = Integer.parseInt(m.group(i++));
                year = yy < 50 ? 2000 + yy : 1900 + yy; // RFC 5280 4.1.2.5.1
            } else {
                year = Integer.parseInt(m.group(i++));
            }
            int month = Integer.parseInt(m.group(i++));
            int day = Integer.parseInt(m.group(i++));
            int hour = Integer.parseInt(m.group(i++));
            int minute = Integer.parseInt(m.group(i++));
            String secondText = m.group(i++);
            int second = secondText == null ? 0 : Integer.parseInt(secondText);
            String fraction = utc ? null : m.group(i++);
            String zone = m.group(i);
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
            ZoneOffset offset = "Z".equals(zone) ? ZoneOffset.UTC : ZoneOffset.of(zone);
            if (secondText == null || fraction != null || !"Z".equals(zone)) {
                findings.add(Finding.warning(
                        "NON_STANDARD_TIME",
                        field + " '" + text + "' is not in the RFC 5280 form ("
                                + (utc ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ") + ")"));
            }
            if (!utc && year >= 1950 && year < 2050) {
                findings.add(Finding.info(
                        "GENERALIZED_TIME_BEFORE_2050",
                        field + " uses GeneralizedTime for a year RFC 5280 encodes as UTCTime"));
            }
            return local.toInstant(offset);
        } catch (DateTimeException | NumberFormatException e) {
            throw new DerException(node.offset, field + " is not a valid date");
        }
    }
}

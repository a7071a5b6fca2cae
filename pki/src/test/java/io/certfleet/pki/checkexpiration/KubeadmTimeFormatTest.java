package io.certfleet.pki.checkexpiration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeadmTimeFormatTest {

    /** apimachinery duration.ShortHumanDuration, boundary by boundary. */
    @ParameterizedTest
    @CsvSource({
        "-86400, <invalid>",
        "-2, <invalid>",
        "-1, 0s",
        "0, 0s",
        "59, 59s",
        "60, 1m",
        "3599, 59m",
        "3600, 1h",
        "86399, 23h",
        "86400, 1d",
        "31449600, 364d",
        "31535999, 364d",
        "31536000, 1y",
        "315359999, 9y",
        "315360000, 10y"
    })
    void residualLikeKubeadm(long seconds, String expected) {
        assertThat(KubeadmTimeFormat.residual(seconds)).isEqualTo(expected);
    }

    @Test
    void expiresLikeKubeadm() {
        assertThat(KubeadmTimeFormat.expires(Instant.parse("2027-11-24T08:30:59Z")))
                .isEqualTo("Nov 24, 2027 08:30 UTC");
        assertThat(KubeadmTimeFormat.expires(Instant.parse("2020-01-02T23:36:00Z")))
                .isEqualTo("Jan 02, 2020 23:36 UTC");
        assertThat(KubeadmTimeFormat.rfc3339(Instant.parse("2027-11-24T08:30:59.900Z")))
                .isEqualTo("2027-11-24T08:30:59Z");
    }

    @Test
    void residualSecondsTruncateTowardZero() {
        Instant notAfter = Instant.parse("2027-01-01T00:00:00Z");
        assertThat(KubeadmTimeFormat.residualSeconds(Instant.parse("2026-12-31T23:59:58.500Z"), notAfter))
                .isEqualTo(1);
        assertThat(KubeadmTimeFormat.residualSeconds(Instant.parse("2027-01-01T00:00:01.500Z"), notAfter))
                .isEqualTo(-1);
        assertThat(KubeadmTimeFormat.residualSeconds(Instant.parse("2028-01-01T00:00:00Z"), notAfter))
                .isEqualTo(-31536000);
    }

    @ParameterizedTest
    @CsvSource({"30d, 2592000", "720h, 2592000", "1h30m, 5400", "90s, 90", "2d12h, 216000", "1.5h, 5400", "0, 0"})
    void goDurations(String text, long seconds) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void badDurationsAreRefusedWithAHint() {
        assertThatThrownBy(() -> GoDuration.parse("30")).hasMessageContaining("e.g. 30d");
        assertThatThrownBy(() -> GoDuration.parse("-5d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("3 weeks")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.certfleet.renewal.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {
    // 2026-11-23 is a Monday, 2026-11-28 a Saturday
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void weeklyWindowOpensOnItsDayAndClosesAtItsEnd() {
        MaintenanceWindow window = MaintenanceWindow.parse("Sat 02:00-06:00 UTC");

        assertThat(window.openAt(MONDAY_10)).isEmpty();
        assertThat(window.nextOpeningAfter(MONDAY_10))
                .isEqualTo(new MaintenanceWindow.Opening(
                        Instant.parse("2026-11-28T02:00:00Z"), Instant.parse("2026-11-28T06:00:00Z")));
        assertThat(window.openAt(Instant.parse("2026-11-28T03:00:00Z")))
                .map(MaintenanceWindow.Opening::start)
                .contains(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(window.openAt(Instant.parse("2026-11-28T06:00:00Z"))).isEmpty();
        assertThat(window.nextOpeningAfter(Instant.parse("2026-11-28T03:00:00Z"))
                        .start())
                .isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
    }

    @Test
    void windowEndingAtOrBeforeItsStartCrossesMidnight() {
        MaintenanceWindow window = MaintenanceWindow.parse("Fri 22:00-02:00");

        assertThat(window.openAt(Instant.parse("2026-11-28T01:30:00Z")))
                .map(MaintenanceWindow.Opening::start)
                .contains(Instant.parse("2026-11-27T22:00:00Z"));
        assertThat(window.openAt(Instant.parse("2026-11-28T02:00:00Z"))).isEmpty();
    }

    @Test
    void zonesRangesListsAndDailyAreUnderstood() {
        // Berlin is UTC+1 in November
        assertThat(MaintenanceWindow.parse("Sat 02:00-06:00 Europe/Berlin")
                        .nextOpeningAfter(MONDAY_10)
                        .start())
                .isEqualTo(Instant.parse("2026-11-28T01:00:00Z"));
        assertThat(MaintenanceWindow.parse("Mon-Fri 09:00-17:00 UTC").openAt(MONDAY_10))
                .isPresent();
        assertThat(MaintenanceWindow.parse("Fri-Mon 09:00-17:00 UTC").openAt(MONDAY_10))
                .isPresent();
        assertThat(MaintenanceWindow.parse("Tue-Thu 09:00-17:00 UTC").openAt(MONDAY_10))
                .isEmpty();
        assertThat(MaintenanceWindow.parse("Sat,Mon 09:00-24:00").openAt(MONDAY_10))
                .isPresent();
        assertThat(MaintenanceWindow.parse("daily 09:59-10:01").openAt(MONDAY_10))
                .isPresent();
    }

    @Test
    void scheduleTakesTheEarliestOfItsWindows() {
        MaintenanceSchedule schedule = MaintenanceSchedule.parse(List.of("Sat 02:00-06:00 UTC", "Wed 20:00-22:00 UTC"));

        assertThat(schedule.nextOpeningAfter(MONDAY_10).start()).isEqualTo(Instant.parse("2026-11-25T20:00:00Z"));
        assertThat(MaintenanceSchedule.anyTime().isAnyTime()).isTrue();
    }

    @Test
    void malformedWindowsSayWhatIsWrong() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("Sat 2-6")).hasMessageContaining("'2' is not HH:mm");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Funday 02:00-03:00"))
                .hasMessageContaining("'Funday' is not a day");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Sat 02:00-06:00 Mars/Olympus"))
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Saturday morning early"))
                .hasMessageContaining("times must be");
        assertThatThrownBy(() -> MaintenanceWindow.parse(" ")).hasMessageContaining("cannot be empty");
    }
}

package io.certfleet.renewal.domain.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly maintenance window, written the way people say it: {@code <days> <HH:mm>-<HH:mm> [<zone>]}.
 *
 * <ul>
 *   <li>days: {@code Sat}, {@code Mon-Fri}, {@code Sat,Sun}, {@code Fri-Mon} (wraps), {@code daily} or {@code *};
 *   <li>times: 24-hour, {@code 24:00} allowed as the end; an end at or before the start crosses midnight, so {@code
 *       Fri 22:00-02:00} opens on Friday and closes on Saturday;
 *   <li>zone: an IANA zone or offset ({@code UTC}, {@code Europe/Berlin}, {@code +09:00}); UTC when omitted.
 * </ul>
 *
 * <p>Examples: {@code Sat 02:00-06:00 UTC}, {@code Mon-Fri 22:00-04:00 Europe/Berlin}, {@code daily 01:00-03:00}.
 */
public final class MaintenanceWindow {
    private final String text;
    private final Set<DayOfWeek> days;
    private final LocalTime start;
    private final Duration length;
    private final ZoneId zone;

    /** One opening of a window: [start, end). */
    public record Opening(Instant start, Instant end) {
        public Opening {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("an opening must end after it starts");
            }
        }

        public boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    private MaintenanceWindow(String text, Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone) {
        this.text = text;
        this.days = days;
        this.start = start;
        this.length = length;
        this.zone = zone;
    }

    /**
     * @throws IllegalArgumentException saying what part of {@code text} is wrong
     */
    public static MaintenanceWindow parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a maintenance window cannot be empty");
        }
        String[] parts = text.strip().split("\\s+");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("maintenance window '" + text
                    + "' is not '<days> <HH:mm>-<HH:mm> [<zone>]', e.g. 'Sat 02:00-06:00 UTC'");
        }
        Set<DayOfWeek> days = days(parts[0], text);
        String[] times = parts[1].split("-");
        if (times.length != 2) {
            throw new IllegalArgumentException("maintenance window '" + text + "': times must be <HH:mm>-<HH:mm>");
        }
        int startMinutes = minutes(times[0], text);
        int endMinutes = minutes(times[1], text);
        if (startMinutes == 24 * 60) {
            throw new IllegalArgumentException("maintenance window '" + text + "' cannot start at 24:00");
        }
        int lengthMinutes = endMinutes > startMinutes ? endMinutes - startMinutes : endMinutes + 24 * 60 - startMinutes;
        ZoneId zone;
        try {
            zone = parts.length == 3 ? ZoneId.of(parts[2]) : ZoneId.of("UTC");
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(
                    "maintenance window '" + text + "': unknown time zone '" + parts[2] + "'");
        }
        return new MaintenanceWindow(
                text.strip(),
                days,
                LocalTime.of(startMinutes / 60, startMinutes % 60),
                Duration.ofMinutes(lengthMinutes),
                zone);
    }

    /** The opening that contains {@code instant}, if the window is open then. */
    public Optional<Opening> openAt(Instant instant) {
        // an opening started at most one day plus its length ago
        LocalDate day = instant.atZone(zone).toLocalDate().minusDays(1 + length.toDays());
        for (int i = 0; i < 3 + length.toDays(); i++, day = day.plusDays(1)) {
            Optional<Opening> opening = openingOn(day);
            if (opening.isPresent() && opening.get().contains(instant)) {
                return opening;
            }
        }
        return Optional.empty();
    }

    /** The first opening that starts after {@code instant}. */
    public Opening nextOpeningAfter(Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        for (int i = 0; i <= 8; i++, day = day.plusDays(1)) {
            Optional<Opening> opening = openingOn(day);
            if (opening.isPresent() && opening.get().start().isAfter(instant)) {
                return opening.get();
            }
        }
        throw new IllegalStateException("maintenance window '" + text + "' never opens");
    }

    private Optional<Opening> openingOn(LocalDate day) {
        if (!days.contains(day.getDayOfWeek())) {
            return Optional.empty();
        }
        ZonedDateTime opens = ZonedDateTime.of(day, start, zone);
        return Optional.of(new Opening(opens.toInstant(), opens.plus(length).toInstant()));
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        if (spec.equalsIgnoreCase("daily") || spec.equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : spec.split(",")) {
            String[] range = item.split("-");
            if (range.length == 1) {
                days.add(day(range[0], text));
            } else if (range.length == 2) {
                DayOfWeek from = day(range[0], text);
                DayOfWeek to = day(range[1], text);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                throw new IllegalArgumentException(
                        "maintenance window '" + text + "': cannot read days '" + item + "'");
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String text) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (lower.length() >= 3 && full.startsWith(lower)) {
                return day;
            }
        }
        throw new IllegalArgumentException("maintenance window '" + text + "': '" + name + "' is not a day (Mon..Sun)");
    }

    private static int minutes(String time, String text) {
        String[] hm = time.split(":");
        try {
            if (hm.length != 2) {
                throw new NumberFormatException();
            }
            int hours = Integer.parseInt(hm[0]);
            int minutes = Integer.parseInt(hm[1]);
            if (hours < 0 || minutes < 0 || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
                throw new NumberFormatException();
            }
            return hours * 60 + minutes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maintenance window '" + text + "': '" + time + "' is not HH:mm");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

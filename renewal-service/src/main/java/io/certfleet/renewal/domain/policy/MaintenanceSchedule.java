package io.certfleet.renewal.domain.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The maintenance windows of a cluster. No windows means "any time": renewals are not restricted.
 *
 * @param windows the windows; a renewal may start inside any of them
 */
public record MaintenanceSchedule(List<MaintenanceWindow> windows) {
    public MaintenanceSchedule {
        windows = List.copyOf(windows);
    }

    /** No restriction. */
    public static MaintenanceSchedule anyTime() {
        return new MaintenanceSchedule(List.of());
    }

    /** Parses each {@link MaintenanceWindow} text. */
    public static MaintenanceSchedule parse(List<String> windows) {
        return new MaintenanceSchedule(
                windows.stream().map(MaintenanceWindow::parse).toList());
    }

    public boolean isAnyTime() {
        return windows.isEmpty();
    }

    /** The opening containing {@code instant} (the one ending last, if several overlap). */
    public Optional<MaintenanceWindow.Opening> openAt(Instant instant) {
        return windows.stream()
                .flatMap(w -> w.openAt(instant).stream())
                .max(Comparator.comparing(MaintenanceWindow.Opening::end));
    }

    /**
     * The earliest opening after {@code instant}.
     *
     * @throws IllegalStateException on the any-time schedule, which has no openings
     */
    public MaintenanceWindow.Opening nextOpeningAfter(Instant instant) {
        return windows.stream()
                .map(w -> w.nextOpeningAfter(instant))
                .min(Comparator.comparing(MaintenanceWindow.Opening::start))
                .orElseThrow(() -> new IllegalStateException("the any-time schedule has no openings"));
    }

    @Override
    public String toString() {
        return windows.isEmpty()
                ? "any time"
                : String.join(
                        ", ", windows.stream().map(MaintenanceWindow::toString).toList());
    }
}

package io.certfleet.upgrade.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes release version {@code vMAJOR.MINOR.PATCH}, as kubeadm names them. Pre-release suffixes are not
 * accepted: certfleet upgrades to released versions only.
 *
 * @param major e.g. 1
 * @param minor e.g. 31
 * @param patch e.g. 2
 */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {
    private static final Pattern VERSION = Pattern.compile("v?(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,4})");

    public KubernetesVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must not be negative");
        }
    }

    /** Parses {@code v1.31.2} (the {@code v} is optional); empty if the text is not such a version. */
    public static Optional<KubernetesVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesVersion(
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3))));
    }

    /** {@code v1.31} */
    public String minorName() {
        return "v" + major + "." + minor;
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    /** {@code v1.31.2} */
    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}

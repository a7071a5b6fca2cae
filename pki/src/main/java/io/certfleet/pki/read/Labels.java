package io.certfleet.pki.read;

/** Names taken from files (kubeconfig user names, Secret keys) made safe to print in a reason. */
final class Labels {
    private static final int MAX = 64;

    private Labels() {}

    static String safe(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (name.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}

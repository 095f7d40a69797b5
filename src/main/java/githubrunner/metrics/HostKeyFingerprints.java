package githubrunner.metrics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VM's SSH host key fingerprints as cloud-init prints them on the console at first boot
 * ({@code keys_to_console}): a block between {@code -----BEGIN SSH HOST KEY FINGERPRINTS-----}
 * and {@code -----END SSH HOST KEY FINGERPRINTS-----} of {@code ssh-keygen -l} lines,
 * {@code 256 SHA256:<43 base64> root@host (ED25519)}.
 *
 * <p>Only the first block counts: cloud-init prints it before the runner starts, so a job that
 * later becomes root and writes to the console cannot replace it. What this protects against is
 * somebody else answering at the VM's address; it says nothing about the VM itself, which is
 * untrusted anyway.
 */
public final class HostKeyFingerprints {
    static final String BEGIN = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
    static final String END = "-----END SSH HOST KEY FINGERPRINTS-----";
    private static final Pattern SHA256 = Pattern.compile("\\bSHA256:([A-Za-z0-9+/]{43})\\b");

    private HostKeyFingerprints() {}

    /** The fingerprints of the first complete block, or none. */
    public static Set<String> fromConsole(String consoleOutput) {
        Set<String> result = new LinkedHashSet<>();
        if (consoleOutput == null) {
            return result;
        }
        int begin = consoleOutput.indexOf(BEGIN);
        int end = begin < 0 ? -1 : consoleOutput.indexOf(END, begin);
        if (end < 0) {
            return result;
        }
        Matcher matcher = SHA256.matcher(consoleOutput.substring(begin + BEGIN.length(), end));
        while (matcher.find()) {
            result.add("SHA256:" + matcher.group(1));
        }
        return result;
    }
}

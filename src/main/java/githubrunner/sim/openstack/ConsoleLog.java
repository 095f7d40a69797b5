package githubrunner.sim.openstack;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;

/** A VM's console as Nova's os-getConsoleOutput shows it: a short boot log with cloud-init's host key blocks. */
final class ConsoleLog {
    private ConsoleLog() {}

    /** @param hostKey the VM's SSH host key, or null for a VM without an SSH endpoint */
    static List<String> of(String serverName, PublicKey hostKey) {
        List<String> lines = new ArrayList<>(List.of(
                "[    0.000000] Linux version 6.8.0-emulated (buildd@emulator) #1 SMP",
                "[    2.104521] EXT4-fs (vda1): mounted filesystem with ordered data mode.",
                "Cloud-init v. 24.1.3 running 'init' at Mon, 01 Jan 2026 00:00:00 +0000.",
                "ci-info: ++++++++++++++++++++++++++++++++++++++Net device info++++++++++++++++++++++++++++++++++++++",
                "Cloud-init v. 24.1.3 running 'modules:config' at Mon, 01 Jan 2026 00:00:05 +0000.",
                "Cloud-init v. 24.1.3 running 'modules:final' at Mon, 01 Jan 2026 00:00:06 +0000."));
        if (hostKey != null) {
            String type = KeyUtils.getKeyType(hostKey);
            lines.add("<14>Jan  1 00:00:06 cloud-init: #############################################################");
            lines.add("-----BEGIN SSH HOST KEY FINGERPRINTS-----");
            lines.add("256 " + KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey) + " root@" + serverName + " (ECDSA)");
            lines.add("-----END SSH HOST KEY FINGERPRINTS-----");
            lines.add("<14>Jan  1 00:00:06 cloud-init: #############################################################");
            lines.add("-----BEGIN SSH HOST KEY KEYS-----");
            lines.add(PublicKeyEntry.toString(hostKey) + " root@" + serverName);
            lines.add("-----END SSH HOST KEY KEYS-----");
        }
        lines.add("Cloud-init v. 24.1.3 finished at Mon, 01 Jan 2026 00:00:07 +0000. Datasource DataSourceConfigDrive.");
        return lines;
    }
}

package githubrunner.cloudinit;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Dotted-quad IPv4 addresses as numbers, so ranges can be compared and networks normalised. */
final class Ipv4 {
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private Ipv4() {}

    static boolean isAddress(String text) {
        return parse(text).isPresent();
    }

    static OptionalLong parse(String text) {
        if (!DOTTED_QUAD.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (String part : text.split("\\.")) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return OptionalLong.empty();
            }
            value = value << 8 | octet;
        }
        return OptionalLong.of(value);
    }

    static String format(long value) {
        return (value >> 24 & 255) + "." + (value >> 16 & 255) + "." + (value >> 8 & 255) + "." + (value & 255);
    }

    /** The network address of {@code address/prefix}: host bits cleared. */
    static long network(long address, int prefix) {
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return address & mask;
    }
}

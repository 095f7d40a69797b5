package githubrunner.sim.juju;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unix file modes of a zip's entries, from the central directory's external attributes
 * (java.util.zip does not expose them). Juju keeps these modes when it unpacks a .charm.
 */
public final class ZipModes {
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
    private static final int HOST_UNIX = 3;

    private ZipModes() {}

    /** Entry name to mode (e.g. 0100755); entries not made on Unix are left out. */
    public static Map<String, Integer> read(Path zip) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "r")) {
            long length = file.length();
            int tail = (int) Math.min(length, 65_557);
            byte[] end = new byte[tail];
            file.seek(length - tail);
            file.readFully(end);
            ByteBuffer endBuffer = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (endBuffer.getInt(i) == END_OF_CENTRAL_DIRECTORY) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException(zip + " is not a zip file");
            }
            int entries = Short.toUnsignedInt(endBuffer.getShort(eocd + 10));
            long size = Integer.toUnsignedLong(endBuffer.getInt(eocd + 12));
            long offset = Integer.toUnsignedLong(endBuffer.getInt(eocd + 16));
            byte[] directory = new byte[(int) size];
            file.seek(offset);
            file.readFully(directory);
            ByteBuffer dir = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Integer> modes = new LinkedHashMap<>();
            int position = 0;
            for (int i = 0; i < entries; i++) {
                if (dir.getInt(position) != CENTRAL_DIRECTORY_ENTRY) {
                    throw new IOException(zip + ": corrupt central directory");
                }
                int host = Short.toUnsignedInt(dir.getShort(position + 4)) >> 8;
                int nameLength = Short.toUnsignedInt(dir.getShort(position + 28));
                int extraLength = Short.toUnsignedInt(dir.getShort(position + 30));
                int commentLength = Short.toUnsignedInt(dir.getShort(position + 32));
                int external = dir.getInt(position + 38);
                String name = new String(directory, position + 46, nameLength, StandardCharsets.UTF_8);
                if (host == HOST_UNIX) {
                    modes.put(name, external >>> 16);
                }
                position += 46 + nameLength + extraLength + commentLength;
            }
            return modes;
        }
    }
}

package githubrunner.reactive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;

/**
 * One log file for all consumers of a unit, rotated by size: {@code log} becomes {@code log.1},
 * {@code log.1} becomes {@code log.2}, ..., the oldest beyond {@code files} is deleted. The disk
 * use is bounded by {@code maxBytes * (files + 1)} whatever the consumers write (the Python charm
 * kept one file per process and filled disks). Whole lines only: lines from several processes
 * never interleave. Thread-safe.
 */
public final class RotatingLog implements AutoCloseable {
    /** A longer line is cut into pieces of this size. */
    static final int MAX_LINE = 16 * 1024;

    private final Path file;
    private final long maxBytes;
    private final int files;
    private final Clock clock;
    private OutputStream out;
    private long size;

    public RotatingLog(Path file, long maxBytes, int files, Clock clock) throws IOException {
        if (maxBytes < MAX_LINE || files < 1) {
            throw new IllegalArgumentException("a log of at least " + MAX_LINE + " bytes and one old file");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.files = files;
        this.clock = clock;
        open();
    }

    public Path file() {
        return file;
    }

    /** Appends one line (a newline is added), rotating first if it would not fit. */
    public synchronized void line(byte[] bytes, int offset, int length) {
        try {
            if (size + length + 1 > maxBytes) {
                rotate();
            }
            out.write(bytes, offset, length);
            out.write('\n');
            out.flush();
            size += length + 1;
        } catch (IOException e) {
            // A full disk must not stop the consumers; the line is lost, the next one tries again.
            System.err.println("consumer log " + file + ": " + e.getMessage());
        }
    }

    /** A line of the supervisor's own, timestamped like the consumers' lines. */
    public void note(String text) {
        byte[] bytes = (DateTimeFormatter.ISO_INSTANT.format(clock.instant()) + " supervisor " + text)
                .getBytes(StandardCharsets.UTF_8);
        line(bytes, 0, Math.min(bytes.length, MAX_LINE));
    }

    /** An output stream cutting what a process writes into lines for this log. */
    public OutputStream lines() {
        return new LineSplitter();
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(numbered(files));
        for (int n = files - 1; n >= 1; n--) {
            if (Files.exists(numbered(n))) {
                Files.move(numbered(n), numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Buffers one process stream's bytes until a newline (or {@link #MAX_LINE}), then writes the line. */
    private final class LineSplitter extends OutputStream {
        private final byte[] buffer = new byte[MAX_LINE];
        private int length;

        @Override
        public void write(int b) {
            if (b == '\n') {
                flushLine();
                return;
            }
            if (length == buffer.length) {
                flushLine();
            }
            buffer[length++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            for (int i = offset; i < offset + count; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void close() {
            if (length > 0) {
                flushLine();
            }
        }

        private void flushLine() {
            line(buffer, 0, length);
            length = 0;
        }
    }
}

package githubrunner.charm.cos;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The two hashes the cos_agent library names things with, which Java 17 lacks: SHAKE256 (the
 * dashboards' uid, {@code shake_256(...).hexdigest(20)}) and BLAKE2b with a 4-byte digest (the
 * scrape jobs' suffix). Written from FIPS 202 and RFC 7693; checked against Python's values.
 */
final class Hashes {
    private Hashes() {}

    /** Python's {@code hashlib.shake_256(text.encode()).hexdigest(bytes)}. */
    static String shake256Hex(String text, int bytes) {
        return HexFormat.of().formatHex(shake256(text.getBytes(StandardCharsets.UTF_8), bytes));
    }

    /** Python's {@code hashlib.blake2b(text.encode(), digest_size=bytes).hexdigest()}. */
    static String blake2bHex(String text, int bytes) {
        return HexFormat.of().formatHex(blake2b(text.getBytes(StandardCharsets.UTF_8), bytes));
    }

    // ---- SHAKE256: Keccak-f[1600], rate 136 bytes, domain suffix 0x1F

    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L};
    private static final int[] ROTATIONS = {
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14};

    static byte[] shake256(byte[] message, int outputBytes) {
        int rate = 136;
        long[] state = new long[25];
        int padded = (message.length / rate + 1) * rate;
        byte[] input = new byte[padded];
        System.arraycopy(message, 0, input, 0, message.length);
        input[message.length] ^= 0x1F;
        input[padded - 1] ^= (byte) 0x80;
        for (int block = 0; block < padded; block += rate) {
            for (int i = 0; i < rate / 8; i++) {
                state[i] ^= littleEndian(input, block + 8 * i);
            }
            keccak(state);
        }
        byte[] out = new byte[outputBytes];
        for (int produced = 0; produced < outputBytes; ) {
            for (int i = 0; i < rate && produced < outputBytes; i++, produced++) {
                out[produced] = (byte) (state[i / 8] >>> (8 * (i % 8)));
            }
            if (produced < outputBytes) {
                keccak(state);
            }
        }
        return out;
    }

    private static void keccak(long[] a) {
        long[] c = new long[5];
        long[] b = new long[25];
        for (long constant : ROUND_CONSTANTS) {
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[y + x] ^= d;
                }
            }
            for (int x = 0; x < 5; x++) {
                for (int y = 0; y < 5; y++) {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = Long.rotateLeft(a[x + 5 * y], ROTATIONS[x + 5 * y]);
                }
            }
            for (int y = 0; y < 25; y += 5) {
                for (int x = 0; x < 5; x++) {
                    a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
                }
            }
            a[0] ^= constant;
        }
    }

    private static long littleEndian(byte[] data, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (data[offset + i] & 0xffL);
        }
        return value;
    }

    // ---- BLAKE2b (RFC 7693), unkeyed

    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
    private static final int[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

    static byte[] blake2b(byte[] message, int outputBytes) {
        long[] h = IV.clone();
        h[0] ^= 0x01010000L ^ outputBytes;
        int blocks = Math.max(1, (message.length + 127) / 128);
        for (int block = 0; block < blocks; block++) {
            byte[] chunk = new byte[128];
            int start = block * 128;
            int length = Math.min(128, message.length - start);
            if (length > 0) {
                System.arraycopy(message, start, chunk, 0, length);
            }
            boolean last = block == blocks - 1;
            long counter = last ? message.length : (long) (block + 1) * 128;
            compress(h, chunk, counter, last);
        }
        byte[] out = new byte[outputBytes];
        for (int i = 0; i < outputBytes; i++) {
            out[i] = (byte) (h[i / 8] >>> (8 * (i % 8)));
        }
        return out;
    }

    private static void compress(long[] h, byte[] chunk, long counter, boolean last) {
        long[] m = new long[16];
        for (int i = 0; i < 16; i++) {
            m[i] = littleEndian(chunk, 8 * i);
        }
        long[] v = new long[16];
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counter;
        if (last) {
            v[14] = ~v[14];
        }
        for (int round = 0; round < 12; round++) {
            int[] s = SIGMA[round % 10];
            mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private static void mix(long[] v, int a, int b, int c, int d, long x, long y) {
        v[a] = v[a] + v[b] + x;
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }
}

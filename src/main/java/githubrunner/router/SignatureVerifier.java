package githubrunner.router;

import githubrunner.common.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=<lower-case hex HMAC-SHA256 of
 * the raw body>}, keyed with the hook's secret as UTF-8 text (a numeric-only secret is text too).
 * The comparison takes the same time wherever the first difference is.
 */
final class SignatureVerifier {
    static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    SignatureVerifier(Secret secret) {
        byte[] bytes = secret.reveal().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** Whether {@code header} is exactly {@code sha256=} and the hex HMAC of {@code body}. */
    boolean matches(byte[] body, String header) {
        byte[] expected = expected(body);
        byte[] given = header.getBytes(StandardCharsets.ISO_8859_1);
        return MessageDigest.isEqual(expected, given);
    }

    /** The header value GitHub would send for this body. */
    String sign(byte[] body) {
        return new String(expected(body), StandardCharsets.US_ASCII);
    }

    private byte[] expected(byte[] body) {
        byte[] digest = mac().doFinal(body);
        byte[] header = new byte[PREFIX.length() + digest.length * 2];
        System.arraycopy(PREFIX.getBytes(StandardCharsets.US_ASCII), 0, header, 0, PREFIX.length());
        for (int i = 0; i < digest.length; i++) {
            header[PREFIX.length() + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            header[PREFIX.length() + 2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return header;
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}

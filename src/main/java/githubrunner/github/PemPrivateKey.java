package githubrunner.github;

import githubrunner.common.Secret;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub App's RSA private key from PEM. GitHub hands out PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}); the JDK reads only PKCS#8 ({@code BEGIN PRIVATE KEY}), so a
 * PKCS#1 key is wrapped in a PKCS#8 {@code PrivateKeyInfo} first: a few bytes of DER, instead of a
 * dependency on a crypto library. Error messages never include key material.
 */
final class PemPrivateKey {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** AlgorithmIdentifier SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemPrivateKey() {}

    static PrivateKey parse(Secret pem) {
        Matcher block = BLOCK.matcher(pem.reveal());
        if (!block.find()) {
            throw new IllegalArgumentException("the GitHub App private key is not a PEM block");
        }
        String type = block.group(1);
        String body = block.group(2);
        if (type.contains("ENCRYPTED") || body.contains("Proc-Type:")) {
            throw new IllegalArgumentException("the GitHub App private key is encrypted; a plain key is needed");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the GitHub App private key is not valid base64");
        }
        byte[] pkcs8 = switch (type) {
            case "RSA PRIVATE KEY" -> wrapPkcs1(der);
            case "PRIVATE KEY" -> der;
            default -> throw new IllegalArgumentException("unsupported PEM block '" + type + "' for the GitHub App key");
        };
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the GitHub App private key is not a valid RSA key");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(VERSION_0);
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, content.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write((length >>> shift) & 0xff);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}

package io.weft.flinkjobs.rules.functions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Alibaba's {@code crypto(field, algorithm)} for the digests Flink has no function for (the translator sends
 * {@code MD2} here, and Flink's own {@code MD5}/{@code SHA*} for the rest, but every algorithm works): the lower-case
 * hex digest of the text's UTF-8 bytes. NULL for a NULL field or an algorithm the JVM does not know.
 */
public final class WeftCrypto extends ScalarFunction {

    public String eval(String field, String algorithm) {
        if (field == null || algorithm == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(digest.digest(field.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }
}

package io.weft.flinkjobs.rules.functions;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Alibaba's {@code to_hex(*)}: the payload's bytes (its UTF-8 JSON text, see docs/rules.md) in lower-case
 * hexadecimal. NULL in, NULL out.
 */
public final class WeftToHex extends ScalarFunction {

    public String eval(String payload) {
        return payload == null ? null : HexFormat.of().formatHex(payload.getBytes(StandardCharsets.UTF_8));
    }
}

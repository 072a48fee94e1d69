package io.weft.flinkjobs.rules.functions;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * The Weft functions ({@code weft_*}) that translated rules call (see {@code FlinkRule.functions()} and the function
 * table in docs/rules.md), registered as temporary system functions so every rule of a job can call them.
 */
public final class WeftFunctions {
    private final Map<String, UserDefinedFunction> functions = new LinkedHashMap<>();

    /** @param zone the platform's time zone, for {@code timestamp('format')} */
    public WeftFunctions(ZoneId zone) {
        functions.put("weft_timestamp", new WeftTimestamp(zone));
        functions.put("weft_timestamp_utc", new WeftTimestamp(ZoneOffset.UTC));
        functions.put("weft_substring", new WeftSubstring());
        functions.put("weft_endswith", new WeftEndsWith());
        functions.put("weft_to_hex", new WeftToHex());
        functions.put("weft_crypto", new WeftCrypto());
    }

    public Set<String> names() {
        return functions.keySet();
    }

    public void registerAll(TableEnvironment tables) {
        functions.forEach(tables::createTemporarySystemFunction);
    }

    /** Fails, naming the rule, when a rule calls a Weft function this runtime does not have. */
    public void checkKnown(String ruleId, Set<String> called) {
        for (String name : called) {
            if (!functions.containsKey(name)) {
                throw new IllegalArgumentException("rule " + ruleId + " calls " + name
                        + ", which this rule runtime does not have (it has " + functions.keySet() + ")");
            }
        }
    }
}

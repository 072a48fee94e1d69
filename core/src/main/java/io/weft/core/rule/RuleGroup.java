package io.weft.core.rule;

import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The rules one rule job runs. Rules are grouped so that changing one rule restarts only its group's job (from a
 * savepoint); the others keep running untouched.
 */
public record RuleGroup(String id, List<DeployedRule> rules) {

    public RuleGroup {
        rules = List.copyOf(rules);
    }

    /** The group as one command-line argument: its JSON, base64url without padding. */
    public String toArgument() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(this));
    }

    public static RuleGroup fromArgument(String argument) {
        return Json.read(new String(Base64.getUrlDecoder().decode(argument), StandardCharsets.UTF_8), RuleGroup.class);
    }
}

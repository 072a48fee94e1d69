package io.weft.core.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A custom topic class of a product (Alibaba's "自定义Topic类"): the topics
 * {@code /${productKey}/${deviceName}/user/{name}} of every device of the product, with what the device may do on
 * them. {@code name} is the part after {@code /user/}: levels separated by {@code /}, each non-empty and made of
 * letters, digits and {@code _}; a class whose operation is {@link TopicOperation#SUB} may also use the MQTT
 * wildcards {@code +} (a whole level) and {@code #} (a whole last level). At most {@value #MAX_NAME_LENGTH}
 * characters (Weft's limit; Alibaba states none).
 */
public record TopicClass(String name, TopicOperation operation, String description) {
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_DESCRIPTION_LENGTH = 100;
    /** Alibaba's limit of custom topic classes per product. */
    public static final int MAX_PER_PRODUCT = 50;
    /** The classes Alibaba gives every new product, and what an edge assumes for a product it has no entry for. */
    public static final List<TopicClass> DEFAULTS = List.of(
            new TopicClass("update", TopicOperation.PUB, null),
            new TopicClass("update/error", TopicOperation.PUB, null),
            new TopicClass("get", TopicOperation.SUB, null));
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_]+");

    /** {@code /${productKey}/${deviceName}/user/{name}}, as Alibaba's console shows the class. */
    public String template(String productKey) {
        return "/" + productKey + "/${deviceName}/user/" + name;
    }

    /** The class's topic (or, with wildcards, topic filter) for one device. */
    public String topicOf(String productKey, String deviceName) {
        return "/" + productKey + "/" + deviceName + "/user/" + name;
    }

    /** True if the name holds a wildcard. */
    public boolean wildcard() {
        return name.contains("+") || name.contains("#");
    }

    /**
     * True if the class covers the custom topic whose levels after {@code /user/} are {@code suffix} (a topic name,
     * no wildcards), with MQTT matching ({@code #} also matches the level above it).
     */
    public boolean matches(String suffix) {
        String[] pattern = name.split("/", -1);
        String[] levels = suffix.split("/", -1);
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("#")) {
                return true;
            }
            if (i >= levels.length || !pattern[i].equals("+") && !pattern[i].equals(levels[i])) {
                return false;
            }
        }
        return pattern.length == levels.length;
    }

    /** What is wrong with this class, one sentence per problem; empty if it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (operation == null) {
            problems.add("operation must be PUB, SUB or ALL");
        }
        if (name == null || name.isEmpty()) {
            problems.add("name is required: the topic levels after /${productKey}/${deviceName}/user/");
            return problems;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            problems.add("name is over " + MAX_NAME_LENGTH + " characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            problems.add("description is over " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        String[] levels = name.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.isEmpty()) {
                problems.add("level " + (i + 1) + " is empty (no leading, trailing or double '/')");
            } else if (level.equals("+") || level.equals("#")) {
                if (operation != TopicOperation.SUB) {
                    problems.add("wildcard '" + level + "' is only allowed in a SUB class");
                } else if (level.equals("#") && i != levels.length - 1) {
                    problems.add("'#' is only allowed as the last level");
                }
            } else if (!LEVEL.matcher(level).matches()) {
                problems.add("level '" + level + "' may hold only letters, digits and '_' (or be '+' or '#')");
            }
        }
        return problems;
    }
}

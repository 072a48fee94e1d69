package io.weft.core.topic;

import java.util.Optional;

/** Matches topics against the {@link TopicKind} templates, in declaration order (specific before general). */
final class TopicGrammar {
    private static final int MAX_TOPIC_LENGTH = 65535;

    private TopicGrammar() {
    }

    static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH || topic.charAt(0) != '/') {
            return Optional.empty();
        }
        String[] levels = topic.substring(1).split("/", -1);
        for (TopicKind kind : TopicKind.values()) {
            DeviceTopic matched = match(kind, levels);
            if (matched != null) {
                return Optional.of(matched);
            }
        }
        return Optional.empty();
    }

    private static DeviceTopic match(TopicKind kind, String[] levels) {
        String[] template = kind.template().substring(1).split("/");
        String pk = null;
        String dn = null;
        String id = null;
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.equals("{rest}")) {
                if (levels.length <= i) {
                    return null;
                }
                String rest = String.join("/", java.util.Arrays.copyOfRange(levels, i, levels.length));
                if (!validLevels(levels, i)) {
                    return null;
                }
                return new DeviceTopic(kind, pk, dn, rest);
            }
            if (i >= levels.length) {
                return null;
            }
            String level = levels[i];
            switch (part) {
                case "{pk}" -> pk = level;
                case "{dn}" -> dn = level;
                case "{id}" -> id = level;
                case "{id}_reply" -> {
                    if (!level.endsWith("_reply") || level.length() == "_reply".length()) {
                        return null;
                    }
                    id = level.substring(0, level.length() - "_reply".length());
                }
                default -> {
                    if (!part.equals(level)) {
                        return null;
                    }
                    continue;
                }
            }
            if (!validLevel(level)) {
                return null;
            }
        }
        if (levels.length != template.length) {
            return null;
        }
        if (kind == TopicKind.SERVICE && id.endsWith("_reply")) {
            return null;
        }
        return new DeviceTopic(kind, pk, dn, id);
    }

    private static boolean validLevels(String[] levels, int from) {
        for (int i = from; i < levels.length; i++) {
            if (levels[i].isEmpty() || levels[i].contains("+") || levels[i].contains("#")) {
                return false;
            }
        }
        return true;
    }

    private static boolean validLevel(String level) {
        return !level.isEmpty() && !level.contains("+") && !level.contains("#");
    }

    static String format(DeviceTopic topic) {
        String template = topic.kind().template();
        if (template.contains("{dn}") && (topic.deviceName() == null || topic.deviceName().isEmpty())) {
            throw new IllegalArgumentException("topic " + topic.kind() + " needs a device name");
        }
        String formatted = template
                .replace("{pk}", topic.productKey())
                .replace("{dn}", topic.deviceName() == null ? "" : topic.deviceName());
        if (topic.id() != null) {
            formatted = formatted.replace("{id}", topic.id()).replace("{rest}", topic.id());
        }
        if (formatted.contains("{")) {
            throw new IllegalArgumentException("topic " + topic.kind() + " needs an identifier");
        }
        return formatted;
    }
}

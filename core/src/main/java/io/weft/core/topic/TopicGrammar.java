package io.weft.core.topic;

import java.util.Optional;

/**
 * Matches topics against the {@link TopicKind} templates, in declaration order (specific before general). The
 * templates are split into levels once, when the class loads; a parse then compares levels without building
 * strings it does not return.
 */
final class TopicGrammar {
    private static final int MAX_TOPIC_LENGTH = 65535;
    private static final String REPLY_SUFFIX = "_reply";
    private static final Template[] TEMPLATES = compile();

    /** What one template level stands for. */
    private enum Part { LITERAL, PK, DN, ID, ID_REPLY, REST }

    /** A kind's template, split: {@code literals[i]} is the level's text where {@code parts[i]} is LITERAL. */
    private record Template(TopicKind kind, Part[] parts, String[] literals, boolean rest) {
    }

    private TopicGrammar() {
    }

    private static Template[] compile() {
        TopicKind[] kinds = TopicKind.values();
        Template[] templates = new Template[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            String[] levels = kinds[k].template().substring(1).split("/");
            Part[] parts = new Part[levels.length];
            for (int i = 0; i < levels.length; i++) {
                parts[i] = switch (levels[i]) {
                    case "{pk}" -> Part.PK;
                    case "{dn}" -> Part.DN;
                    case "{id}" -> Part.ID;
                    case "{id}_reply" -> Part.ID_REPLY;
                    case "{rest}" -> Part.REST;
                    default -> Part.LITERAL;
                };
            }
            templates[k] = new Template(kinds[k], parts, levels, parts[parts.length - 1] == Part.REST);
        }
        return templates;
    }

    static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH || topic.charAt(0) != '/') {
            return Optional.empty();
        }
        String[] levels = topic.substring(1).split("/", -1);
        for (Template template : TEMPLATES) {
            DeviceTopic matched = match(template, levels);
            if (matched != null) {
                return Optional.of(matched);
            }
        }
        return Optional.empty();
    }

    private static DeviceTopic match(Template template, String[] levels) {
        Part[] parts = template.parts();
        // Without {rest} the levels must match one for one; {rest} (always last) stands for at least one level.
        if (template.rest() ? levels.length < parts.length : levels.length != parts.length) {
            return null;
        }
        String[] literals = template.literals();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == Part.LITERAL && !literals[i].equals(levels[i])) {
                return null;
            }
        }
        String pk = null;
        String dn = null;
        String id = null;
        for (int i = 0; i < parts.length; i++) {
            String level = levels[i];
            switch (parts[i]) {
                case LITERAL -> {
                    continue;
                }
                case PK -> pk = level;
                case DN -> dn = level;
                case ID -> id = level;
                case ID_REPLY -> {
                    if (!level.endsWith(REPLY_SUFFIX) || level.length() == REPLY_SUFFIX.length()) {
                        return null;
                    }
                    id = level.substring(0, level.length() - REPLY_SUFFIX.length());
                }
                case REST -> {
                    if (!validLevels(levels, i)) {
                        return null;
                    }
                    String rest = String.join("/", java.util.Arrays.copyOfRange(levels, i, levels.length));
                    return new DeviceTopic(template.kind(), pk, dn, rest);
                }
            }
            if (!validLevel(level)) {
                return null;
            }
        }
        if (template.kind() == TopicKind.SERVICE && id.endsWith(REPLY_SUFFIX)) {
            return null;
        }
        return new DeviceTopic(template.kind(), pk, dn, id);
    }

    private static boolean validLevels(String[] levels, int from) {
        for (int i = from; i < levels.length; i++) {
            if (!validLevel(levels[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean validLevel(String level) {
        return !level.isEmpty() && level.indexOf('+') < 0 && level.indexOf('#') < 0;
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

package io.weft.sqlrules.validate;

import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.alibaba.ParsedRule;
import io.weft.sqlrules.alibaba.StatusMessage;
import io.weft.sqlrules.alibaba.TopicFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Resolves the names in a rule against what its source carries. Property posts: {@code items.X.value} (Alibaba's
 * addressing) or just {@code X} (Weft's shorthand), then {@code .member} into a struct. Event posts:
 * {@code value.P} or {@code P} for an output parameter P. Custom topics: any name, of a type known only at run
 * time.
 */
final class FieldResolver {
    /** The length status fields are typed with: a timestamp, an IP address or a reason fit. */
    private static final int STATUS_TEXT_LENGTH = 256;
    private final ParsedRule rule;
    private final Map<String, DataType> fields;
    private final String what;
    private final String where;

    private FieldResolver(ParsedRule rule, Map<String, DataType> fields, String what) {
        this(rule, fields, what, " in the thing model");
    }

    private FieldResolver(ParsedRule rule, Map<String, DataType> fields, String what, String where) {
        this.rule = rule;
        this.fields = fields;
        this.what = what;
        this.where = where;
    }

    static FieldResolver forProperties(ParsedRule rule, ThingModel model) {
        Map<String, DataType> fields = new LinkedHashMap<>();
        model.properties().forEach(p -> fields.put(p.identifier(), p.dataType()));
        return new FieldResolver(rule, fields, "property");
    }

    static FieldResolver forEvent(ParsedRule rule, ThingModel.Event event) {
        Map<String, DataType> fields = new LinkedHashMap<>();
        event.outputData().forEach(m -> fields.put(m.identifier(), m.dataType()));
        return new FieldResolver(rule, fields, "parameter of event '" + event.identifier() + "'");
    }

    /** A device-status topic: the fields of {@link StatusMessage}, all text. */
    static FieldResolver forStatus(ParsedRule rule) {
        Map<String, DataType> fields = new LinkedHashMap<>();
        StatusMessage.FIELDS.forEach(f -> fields.put(f, new DataType.Text(STATUS_TEXT_LENGTH)));
        return new FieldResolver(rule, fields, "field", " of a device status message (its fields are "
                + String.join(", ", StatusMessage.FIELDS) + "; property values are read from "
                + "\"/{productKey}/+/thing/event/property/post\")");
    }

    static FieldResolver forCustomTopic(ParsedRule rule) {
        return new FieldResolver(rule, null, "field");
    }

    /** Every top-level field, in thing-model order (what {@code *} selects). */
    Map<String, DataType> fields() {
        return fields == null ? Map.of() : fields;
    }

    /** The field an identifier reads, or null after reporting why it reads none. */
    FieldRef resolve(SqlIdentifier id, Consumer<RuleProblem> problems) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < id.names.size(); i++) {
            names.add(rule.name(id, i));
        }
        if (fields == null) {
            return new FieldRef(names.get(0), names.subList(1, names.size()), null);
        }
        int first = 0;
        TopicFilter.Kind kind = rule.source().kind();
        if (kind == TopicFilter.Kind.STATUS && names.size() > 1 && (names.get(0).equals("items")
                || names.get(0).equals("value"))) {
            problems.accept(problem(Kind.UNKNOWN_PROPERTY, id.getParserPosition(), "a device status message has no "
                    + "properties or event parameters, so '" + String.join(".", names) + "' reads nothing; its "
                    + "fields are " + String.join(", ", StatusMessage.FIELDS)));
            return null;
        }
        if (kind == TopicFilter.Kind.PROPERTY_POST && names.get(0).equals("items") && !fields.containsKey("items")) {
            if (names.size() < 3 || !names.get(2).equals("value")) {
                String property = names.size() > 1 ? names.get(1) : "X";
                boolean time = names.size() >= 3 && names.get(2).equals("time");
                problems.accept(problem(time ? Kind.UNSUPPORTED : Kind.SYNTAX, id.getParserPosition(), time
                        ? "items." + property + ".time is not available in Weft rules yet; read the value with items."
                        + property + ".value"
                        : "address a property as items." + property + ".value (or just " + property + ")"));
                return null;
            }
            first = 1;
        } else if (kind == TopicFilter.Kind.EVENT_POST && names.get(0).equals("value") && names.size() > 1
                && !fields.containsKey("value")) {
            first = 1;
        }
        String identifier = names.get(first);
        SqlParserPos pos = id.getComponentParserPosition(first);
        DataType type = fields.get(identifier);
        if (type == null) {
            problems.accept(problem(Kind.UNKNOWN_PROPERTY, pos,
                    "'" + identifier + "' is not a " + what + where + suggestion(identifier)));
            return null;
        }
        int membersFrom = first == 1 && kind == TopicFilter.Kind.PROPERTY_POST ? 3 : first + 1;
        List<String> members = names.subList(Math.min(membersFrom, names.size()), names.size());
        DataType current = type;
        String path = identifier;
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            SqlParserPos memberPos = id.getComponentParserPosition(membersFrom + i);
            if (!(current instanceof DataType.Struct struct)) {
                problems.accept(problem(Kind.TYPE_MISMATCH, memberPos,
                        "'" + path + "' is " + article(current) + ", not a struct: it has no member '" + member + "'"));
                return null;
            }
            DataType next = struct.members().stream().filter(m -> m.identifier().equals(member))
                    .map(DataType.Member::dataType).findFirst().orElse(null);
            if (next == null) {
                problems.accept(problem(Kind.UNKNOWN_PROPERTY, memberPos, "struct '" + path + "' has no member '"
                        + member + "'; its members are " + struct.members().stream()
                        .map(DataType.Member::identifier).toList()));
                return null;
            }
            current = next;
            path = path + "." + member;
        }
        return new FieldRef(identifier, members, current);
    }

    /** The field named by a thingPropertyFlatMap argument, or null when the thing model has none of that name. */
    DataType topLevel(String identifier) {
        return fields == null ? null : fields.get(identifier);
    }

    String suggestion(String identifier) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : fields().keySet()) {
            int d = candidate.equalsIgnoreCase(identifier) ? 0
                    : distance(candidate.toLowerCase(Locale.ROOT), identifier.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    static String article(DataType type) {
        String name = type.type();
        return (name.startsWith("int") || name.startsWith("enum") || name.startsWith("array") ? "an " : "a ") + name;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static RuleProblem problem(Kind kind, SqlParserPos pos, String message) {
        return new RuleProblem(kind, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
                pos.getEndColumnNum(), message);
    }
}

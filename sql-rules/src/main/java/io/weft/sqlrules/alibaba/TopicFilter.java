package io.weft.sqlrules.alibaba;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The source of an Alibaba rule: the quoted topic filter after FROM. One product (never a wildcard), every device of
 * it ({@code +}) or one device by name, and what is read:
 * <ul>
 *   <li>{@code /{pk}/{dn}/thing/event/property/post} (or with Alibaba's {@code /sys} prefix): property posts,</li>
 *   <li>{@code /{pk}/{dn}/thing/event/{eventId}/post} (or {@code /sys/...}): posts of one event,</li>
 *   <li>{@code /{pk}/{dn}/user/...}: a custom topic, whose JSON payload has no thing model ({@code +} and a final
 *       {@code #} allowed after {@code user}),</li>
 *   <li>{@code /as/mqtt/status/{pk}/{dn}}: the device's online and offline changes, as Alibaba's rule engine reads
 *       them ({@link StatusMessage} lists the fields).</li>
 * </ul>
 * {@code deviceName} is null for {@code +}; {@code eventId} is set for events only; {@code customPath} (what follows
 * {@code user/}) for custom topics only.
 */
public record TopicFilter(String text, Kind kind, String productKey, String deviceName, String eventId,
                          String customPath) {

    /** The forms a rule's FROM accepts, as they appear in error messages and docs/rules.md. */
    public static final List<String> FORMS = List.of(
            "/{productKey}/{deviceName or +}/thing/event/property/post",
            "/{productKey}/{deviceName or +}/thing/event/{eventIdentifier}/post",
            "/{productKey}/{deviceName or +}/user/{custom topic, + and a final # allowed}",
            "/as/mqtt/status/{productKey}/{deviceName or +}");

    /** The levels before the product key of a device-status topic. */
    private static final List<String> STATUS_PREFIX = List.of("as", "mqtt", "status");

    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_.:@\\-]+");

    public enum Kind { PROPERTY_POST, EVENT_POST, CUSTOM, STATUS }

    /** True when the rule reads every device of the product. */
    public boolean allDevices() {
        return deviceName == null;
    }

    /** A parsed filter, or why the text is not one (then {@code filter} is null). */
    public record Parsed(TopicFilter filter, String problem) {
    }

    public static Parsed parse(String text) {
        if (text == null || !text.startsWith("/")) {
            return bad(text, "a topic filter starts with '/'");
        }
        List<String> levels = Arrays.asList(text.substring(1).split("/", -1));
        boolean status = levels.size() >= STATUS_PREFIX.size()
                && levels.subList(0, STATUS_PREFIX.size()).equals(STATUS_PREFIX);
        if (status) {
            levels = levels.subList(STATUS_PREFIX.size(), levels.size());
            if (levels.size() != 2 && !(levels.size() > 2 && levels.get(1).equals("#"))) {
                return bad(text, "a device-status topic is /as/mqtt/status/{productKey}/{deviceName or +}");
            }
        } else if (levels.size() > 1 && levels.get(0).equals("sys")) {
            levels = levels.subList(1, levels.size());
        }
        if (levels.size() >= 2 && levels.get(1).equals("#")) {
            return bad(text, "use '+' for every device of the product, not '#'");
        }
        if (levels.size() < (status ? 2 : 3)) {
            return bad(text, null);
        }
        String pk = levels.get(0);
        String dn = levels.get(1);
        if (pk.equals("+") || pk.equals("#")) {
            return bad(text, "a rule reads one product: put its product key where '" + pk + "' is");
        }
        if (!LEVEL.matcher(pk).matches()) {
            return bad(text, "'" + pk + "' is not a product key");
        }
        if (dn.equals("#")) {
            return bad(text, "use '+' for every device of the product, not '#'");
        }
        if (!dn.equals("+") && !LEVEL.matcher(dn).matches()) {
            return bad(text, "'" + dn + "' is not a device name or '+'");
        }
        String device = dn.equals("+") ? null : dn;
        if (status) {
            return ok(new TopicFilter(text, Kind.STATUS, pk, device, null, null));
        }
        List<String> rest = levels.subList(2, levels.size());
        if (rest.equals(List.of("thing", "event", "property", "post"))) {
            return ok(new TopicFilter(text, Kind.PROPERTY_POST, pk, device, null, null));
        }
        if (rest.size() == 4 && rest.get(0).equals("thing") && rest.get(1).equals("event")
                && rest.get(3).equals("post")) {
            String id = rest.get(2);
            if (id.equals("+") || id.equals("#")) {
                return bad(text, "a rule reads one event: put its identifier where '" + id + "' is");
            }
            if (!id.matches("[A-Za-z0-9_]{1,50}")) {
                return bad(text, "'" + id + "' is not an event identifier");
            }
            return ok(new TopicFilter(text, Kind.EVENT_POST, pk, device, id, null));
        }
        if (rest.size() >= 2 && rest.get(0).equals("user")) {
            List<String> custom = rest.subList(1, rest.size());
            for (int i = 0; i < custom.size(); i++) {
                String level = custom.get(i);
                boolean last = i == custom.size() - 1;
                if (level.equals("#") && !last) {
                    return bad(text, "'#' may only be the last level");
                }
                if (!level.equals("+") && !level.equals("#") && !LEVEL.matcher(level).matches()) {
                    return bad(text, "'" + level + "' is not a topic level");
                }
            }
            return ok(new TopicFilter(text, Kind.CUSTOM, pk, device, null, String.join("/", custom)));
        }
        return bad(text, null);
    }

    private static Parsed ok(TopicFilter filter) {
        return new Parsed(filter, null);
    }

    private static Parsed bad(String text, String why) {
        String message = "'" + text + "' is not a topic a rule can read"
                + (why == null ? "" : " (" + why + ")")
                + "; use one of " + String.join(", ", FORMS);
        return new Parsed(null, message);
    }
}

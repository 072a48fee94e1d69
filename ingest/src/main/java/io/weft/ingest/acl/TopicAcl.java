package io.weft.ingest.acl;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.ExtRrpcTopic;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicKind;
import io.weft.ingest.auth.DeviceDirectory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a device may publish and subscribe to: its own Alibaba topics, and (subscribe only) its product's broadcast
 * topics, which carry messages from the platform to every device of the product.
 * <ul>
 * <li>A subscription filter may use wildcards only below a prefix that names the device itself, so a wildcard can
 * never reach another device's topics.</li>
 * <li>Custom topics {@code /{pk}/{dn}/user/...} follow the product's topic classes as the {@link DeviceDirectory}
 * has them at the moment of the packet: PUBLISH needs a PUB or ALL class matching the topic; a subscription filter
 * that can match any custom topic needs one SUB or ALL class that matches every custom topic the filter can match
 * (see {@link #userPart}).</li>
 * <li>Custom-topic RRPC: a device may subscribe to {@code /ext/rrpc/{+ or id}{T}} and publish its answer on
 * {@code /ext/rrpc/{id}{T}} exactly when it may subscribe to {@code T} (which must not itself be an
 * {@code /ext/rrpc/} topic). The answer is returned as an {@link TopicKind#RRPC_RESPONSE} of the device with
 * {@code id} as its message id, so it goes where every RRPC response goes.</li>
 * </ul>
 */
public final class TopicAcl {
    /** Topics a device may publish on: uplink categories of its own. */
    private static final Set<TopicKind> PUBLISHABLE = EnumSet.of(
            TopicKind.PROPERTY_POST, TopicKind.PROPERTY_PACK_POST, TopicKind.PROPERTY_HISTORY_POST,
            TopicKind.EVENT_POST, TopicKind.PROPERTY_SET_REPLY, TopicKind.PROPERTY_GET_REPLY, TopicKind.SERVICE_REPLY,
            TopicKind.RAW_UP, TopicKind.RAW_DOWN_REPLY, TopicKind.DEVICEINFO_UPDATE, TopicKind.CONFIG_GET,
            TopicKind.CONFIG_PUSH_REPLY, TopicKind.THING_OTHER, TopicKind.RRPC_RESPONSE, TopicKind.UPDATE,
            TopicKind.UPDATE_ERROR, TopicKind.USER, TopicKind.SHADOW_UPDATE,
            TopicKind.OTA_INFORM, TopicKind.OTA_PROGRESS, TopicKind.OTA_REQUEST, TopicKind.NTP_REQUEST);

    private final DeviceDirectory directory;

    public TopicAcl(DeviceDirectory directory) {
        this.directory = directory;
    }

    /** The parsed topic if the device may publish on it (for a custom-topic RRPC answer, see the class comment). */
    public Optional<DeviceTopic> mayPublish(DeviceIdentity device, String topic) {
        Optional<ExtRrpcTopic> rrpc = ExtRrpcTopic.parse(topic);
        if (rrpc.isPresent()) {
            if (!TopicFilters.validTopicName(topic)) {
                return Optional.empty();
            }
            return rrpcTarget(device, rrpc.get())
                    .map(r -> DeviceTopic.of(TopicKind.RRPC_RESPONSE, device.productKey(), device.deviceName(),
                            r.messageId()));
        }
        return DeviceTopic.parse(topic)
                .filter(t -> t.belongsTo(device.productKey(), device.deviceName()))
                .filter(t -> PUBLISHABLE.contains(t.kind()))
                .filter(t -> t.kind() != TopicKind.USER || mayPublishUser(device.productKey(), t.id()));
    }

    /**
     * True if a yes from {@link #mayPublish} for this topic holds for the whole connection, so the session may keep
     * it: the topic is neither a custom topic nor a custom-topic RRPC answer, whose product's topic classes the
     * registry can change at any moment (and which must then apply to the very next PUBLISH).
     */
    public static boolean lasting(String topic, DeviceTopic allowed) {
        return allowed.kind() != TopicKind.USER && !topic.startsWith(ExtRrpcTopic.PREFIX);
    }

    /** True if the filter only ever matches topics of this device (or its product's broadcasts) it may receive. */
    public boolean maySubscribe(DeviceIdentity device, String filter) {
        if (filter == null || filter.isEmpty() || !TopicFilters.valid(filter)) {
            return false;
        }
        if (filter.startsWith(ExtRrpcTopic.PREFIX)) {
            return ExtRrpcTopic.parse(filter).flatMap(r -> rrpcTarget(device, r)).isPresent();
        }
        String pk = device.productKey();
        String dn = device.deviceName();
        String customPrefix = "/" + pk + "/" + dn + "/";
        List<String> ownPrefixes = List.of(
                "/sys/" + pk + "/" + dn + "/",
                customPrefix,
                "/broadcast/" + pk + "/",
                "/shadow/get/" + pk + "/" + dn,
                "/ota/device/upgrade/" + pk + "/" + dn,
                "/ext/ntp/" + pk + "/" + dn + "/");
        for (String prefix : ownPrefixes) {
            if (filter.startsWith(prefix) && !hasWildcard(prefix)) {
                String rest = filter.substring(prefix.length());
                if (prefix.endsWith("/") || rest.isEmpty()) {
                    return !rest.startsWith("/")
                            && (!prefix.equals(customPrefix) || maySubscribeUser(pk, userPart(rest)));
                }
            }
        }
        return false;
    }

    /** The RRPC request if its wrapped topic is one the device may subscribe to. */
    private Optional<ExtRrpcTopic> rrpcTarget(DeviceIdentity device, ExtRrpcTopic rrpc) {
        boolean idLevel = rrpc.messageId().equals("+")
                || !rrpc.messageId().contains("+") && !rrpc.messageId().contains("#");
        boolean nested = rrpc.topic().startsWith(ExtRrpcTopic.PREFIX);
        return idLevel && !nested && maySubscribe(device, rrpc.topic()) ? Optional.of(rrpc) : Optional.empty();
    }

    private boolean mayPublishUser(String productKey, String suffix) {
        for (TopicClass c : directory.topicClasses(productKey)) {
            if (c.operation().publish() && c.matches(suffix)) {
                return true;
            }
        }
        return false;
    }

    private boolean maySubscribeUser(String productKey, String[] userLevels) {
        if (userLevels == null || userLevels.length == 0) {
            return true;
        }
        for (TopicClass c : directory.topicClasses(productKey)) {
            if (c.operation().subscribe() && covers(c.name().split("/", -1), userLevels)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The levels after {@code /user/} of the custom topics a filter {@code /{pk}/{dn}/{rest}} can match: for
     * {@code user/a/+} that is {@code a/+}; for {@code +/a} it is {@code a} (the {@code +} can stand for
     * {@code user}); for {@code #} it is {@code #}. Null if the filter matches no custom topic ({@code update},
     * {@code get/#}); empty if it can only match {@code /{pk}/{dn}/user} itself, which is no custom topic.
     */
    static String[] userPart(String rest) {
        String[] levels = rest.split("/", -1);
        if (levels[0].equals("#")) {
            return new String[] {"#"};
        }
        if (!levels[0].equals("user") && !levels[0].equals("+")) {
            return null;
        }
        return Arrays.copyOfRange(levels, 1, levels.length);
    }

    /** True if every topic the filter {@code f} matches is matched by the filter {@code c} (both split in levels). */
    static boolean covers(String[] c, String[] f) {
        for (int i = 0; ; i++) {
            if (i == c.length) {
                return i == f.length;
            }
            if (c[i].equals("#")) {
                return true;
            }
            if (i == f.length || f[i].equals("#")) {
                return false;
            }
            if (!c[i].equals("+") && !c[i].equals(f[i])) {
                return false;
            }
        }
    }

    private static boolean hasWildcard(String prefix) {
        return prefix.contains("+") || prefix.contains("#");
    }
}

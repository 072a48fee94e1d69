package io.weft.ingest.acl;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a device may publish and subscribe to: its own Alibaba topics, and (subscribe only) its product's broadcast
 * topics, which carry messages from the platform to every device of the product.
 * A subscription filter may use wildcards only below a prefix that names the device itself, so a wildcard can
 * never reach another device's topics.
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

    private TopicAcl() {
    }

    /** The parsed topic if the device may publish on it. */
    public static Optional<DeviceTopic> mayPublish(DeviceIdentity device, String topic) {
        return DeviceTopic.parse(topic)
                .filter(t -> t.belongsTo(device.productKey(), device.deviceName()))
                .filter(t -> PUBLISHABLE.contains(t.kind()));
    }

    /** True if the filter only ever matches topics of this device (or its product's broadcasts). */
    public static boolean maySubscribe(DeviceIdentity device, String filter) {
        if (filter == null || filter.isEmpty() || !TopicFilters.valid(filter)) {
            return false;
        }
        String pk = device.productKey();
        String dn = device.deviceName();
        List<String> ownPrefixes = List.of(
                "/sys/" + pk + "/" + dn + "/",
                "/" + pk + "/" + dn + "/",
                "/broadcast/" + pk + "/",
                "/shadow/get/" + pk + "/" + dn,
                "/ota/device/upgrade/" + pk + "/" + dn,
                "/ext/ntp/" + pk + "/" + dn + "/");
        for (String prefix : ownPrefixes) {
            if (filter.startsWith(prefix) && !hasWildcard(prefix)) {
                String rest = filter.substring(prefix.length());
                if (prefix.endsWith("/") || rest.isEmpty()) {
                    return !rest.startsWith("/");
                }
            }
        }
        return false;
    }

    private static boolean hasWildcard(String prefix) {
        return prefix.contains("+") || prefix.contains("#");
    }
}

package io.weft.core.topic;

/**
 * Alibaba's device topic categories, each with its template. {@code {pk}}, {@code {dn}} and {@code {id}} stand
 * for one topic level; {@code {rest}} for one or more trailing levels.
 */
public enum TopicKind {
    PROPERTY_POST("/sys/{pk}/{dn}/thing/event/property/post", "thing.event.property.post"),
    PROPERTY_POST_REPLY("/sys/{pk}/{dn}/thing/event/property/post_reply", null),
    PROPERTY_PACK_POST("/sys/{pk}/{dn}/thing/event/property/pack/post", "thing.event.property.pack.post"),
    PROPERTY_PACK_POST_REPLY("/sys/{pk}/{dn}/thing/event/property/pack/post_reply", null),
    PROPERTY_HISTORY_POST("/sys/{pk}/{dn}/thing/event/property/history/post", "thing.event.property.history.post"),
    PROPERTY_HISTORY_POST_REPLY("/sys/{pk}/{dn}/thing/event/property/history/post_reply", null),
    EVENT_POST("/sys/{pk}/{dn}/thing/event/{id}/post", "thing.event.{id}.post"),
    EVENT_POST_REPLY("/sys/{pk}/{dn}/thing/event/{id}/post_reply", null),
    PROPERTY_SET("/sys/{pk}/{dn}/thing/service/property/set", "thing.service.property.set"),
    PROPERTY_SET_REPLY("/sys/{pk}/{dn}/thing/service/property/set_reply", null),
    PROPERTY_GET("/sys/{pk}/{dn}/thing/service/property/get", "thing.service.property.get"),
    PROPERTY_GET_REPLY("/sys/{pk}/{dn}/thing/service/property/get_reply", null),
    SERVICE("/sys/{pk}/{dn}/thing/service/{id}", "thing.service.{id}"),
    SERVICE_REPLY("/sys/{pk}/{dn}/thing/service/{id}_reply", null),
    RAW_UP("/sys/{pk}/{dn}/thing/model/up_raw", null),
    RAW_UP_REPLY("/sys/{pk}/{dn}/thing/model/up_raw_reply", null),
    RAW_DOWN("/sys/{pk}/{dn}/thing/model/down_raw", null),
    RAW_DOWN_REPLY("/sys/{pk}/{dn}/thing/model/down_raw_reply", null),
    DEVICEINFO_UPDATE("/sys/{pk}/{dn}/thing/deviceinfo/update", "thing.deviceinfo.update"),
    DEVICEINFO_UPDATE_REPLY("/sys/{pk}/{dn}/thing/deviceinfo/update_reply", null),
    CONFIG_GET("/sys/{pk}/{dn}/thing/config/get", "thing.config.get"),
    CONFIG_GET_REPLY("/sys/{pk}/{dn}/thing/config/get_reply", null),
    CONFIG_PUSH("/sys/{pk}/{dn}/thing/config/push", "thing.config.push"),
    CONFIG_PUSH_REPLY("/sys/{pk}/{dn}/thing/config/push_reply", null),
    /** Any other {@code /sys/{pk}/{dn}/thing/...} topic (gateway topology and friends). */
    THING_OTHER("/sys/{pk}/{dn}/thing/{rest}", null),
    RRPC_REQUEST("/sys/{pk}/{dn}/rrpc/request/{id}", null),
    RRPC_RESPONSE("/sys/{pk}/{dn}/rrpc/response/{id}", null),
    SYS_BROADCAST_REQUEST("/sys/{pk}/{dn}/broadcast/request/{id}", null),
    UPDATE("/{pk}/{dn}/update", null),
    UPDATE_ERROR("/{pk}/{dn}/update/error", null),
    GET("/{pk}/{dn}/get", null),
    USER("/{pk}/{dn}/user/{rest}", null),
    BROADCAST("/broadcast/{pk}/{rest}", null),
    SHADOW_UPDATE("/shadow/update/{pk}/{dn}", null),
    SHADOW_GET("/shadow/get/{pk}/{dn}", null),
    OTA_INFORM("/ota/device/inform/{pk}/{dn}", null),
    OTA_UPGRADE("/ota/device/upgrade/{pk}/{dn}", null),
    OTA_PROGRESS("/ota/device/progress/{pk}/{dn}", null),
    OTA_REQUEST("/ota/device/request/{pk}/{dn}", null),
    NTP_REQUEST("/ext/ntp/{pk}/{dn}/request", null),
    NTP_RESPONSE("/ext/ntp/{pk}/{dn}/response", null);

    private final String template;
    private final String method;

    TopicKind(String template, String method) {
        this.template = template;
        this.method = method;
    }

    public String template() {
        return template;
    }

    /** The Alink method a request on this topic carries, with {@code {id}} substituted; null if none. */
    public String method(String id) {
        return method == null ? null : method.replace("{id}", id == null ? "" : id);
    }

    /** The topic a reply to a request on this topic goes to, or null if this kind has no reply topic. */
    public TopicKind replyKind() {
        try {
            return TopicKind.valueOf(name() + "_REPLY");
        } catch (IllegalArgumentException none) {
            return null;
        }
    }
}

package io.weft.controlplane.device;

import io.weft.controlplane.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The limits of device tags, as Alibaba's: a key is 2 to 32 letters and digits and does not start with a digit
 * ({@code attrKey} of {@code thing.deviceinfo.update}); a value is 1 to 128 characters without control characters;
 * a device has at most {@value #MAX_TAGS} tags and one request sets at most {@value #MAX_TAGS}. {@code abc} is
 * refused: Alibaba reserves it (and hides it from queries).
 */
public final class DeviceTags {
    public static final int MAX_TAGS = 100;
    public static final int MAX_VALUE_LENGTH = 128;
    static final String KEY_PATTERN = "[A-Za-z][A-Za-z0-9]{1,31}";
    static final String RESERVED_KEY = "abc";

    private DeviceTags() {
    }

    /** Refuses (400, every problem listed in {@code errors}) tags to set that break the limits. */
    public static void checkToSet(Map<String, String> tags) {
        List<String> errors = new ArrayList<>();
        if (tags.size() > MAX_TAGS) {
            errors.add(tags.size() + " tags in one request; at most " + MAX_TAGS);
        }
        tags.forEach((key, value) -> {
            if (!key.matches(KEY_PATTERN)) {
                errors.add("tag key '" + key + "' must be 2-32 letters and digits, not starting with a digit");
            } else if (RESERVED_KEY.equals(key)) {
                errors.add("tag key 'abc' is reserved (as on Alibaba)");
            }
            if (value == null) {
                errors.add("tag '" + key + "' has no value: a value is a string of 1-128 characters");
            } else if (value.isEmpty() || value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
                errors.add("tag '" + key + "' has a value of " + value.codePointCount(0, value.length())
                        + " characters; a value is 1-" + MAX_VALUE_LENGTH + " characters");
            } else if (value.chars().anyMatch(Character::isISOControl)) {
                errors.add("tag '" + key + "' has a control character in its value");
            }
        });
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid device tags",
                    String.join("; ", errors), errors);
        }
    }

    /** Refuses (409) a device that would have more than {@value #MAX_TAGS} tags. */
    public static void checkCount(String productKey, String deviceName, int count) {
        if (count > MAX_TAGS) {
            throw ApiException.conflict("device " + productKey + "/" + deviceName + " would have " + count
                    + " tags; a device has at most " + MAX_TAGS);
        }
    }
}

package io.weft.core.alink;

/**
 * The codes an Alibaba device reads in the {@code code} field of a reply, with the messages Alibaba's platform
 * and C SDK ({@code infra_defs.h}) use. docs/errors.md explains each and what to do about it.
 */
public enum AlinkCode {
    SUCCESS(200, "success"),
    REQUEST_ERROR(400, "request error"),
    TOO_MANY_REQUESTS(429, "too many requests"),
    REQUEST_PARAMETER_ERROR(460, "request parameter error"),
    SERVER_ERROR(500, "server error"),
    DEVICE_NOT_FOUND(6100, "device not found"),
    PARAMS_TOO_MANY(6106, "map size must less than 200"),
    DATA_FORMAT_ERROR(6207, "device data format is error"),
    PRODUCT_NOT_FOUND(6250, "product not found"),
    METHOD_NOT_FOUND(6300, "tsl parse: method not exist"),
    PARAMS_FORMAT_ERROR(6301, "tsl parse: params format must be JSONObject"),
    /** A parameter the thing model does not define. */
    PARAM_NOT_EXIST(6304, "tsl parse: params not exist"),
    INT_SPECS_ERROR(6306, "tsl parse: data type is not int or out of specs"),
    FLOAT_SPECS_ERROR(6307, "tsl parse: data type is not float or out of specs"),
    BOOL_SPECS_ERROR(6308, "tsl parse: data type is not bool"),
    ENUM_SPECS_ERROR(6309, "tsl parse: enum value not defined"),
    TEXT_SPECS_ERROR(6310, "tsl parse: data type is not string or too long"),
    DATE_SPECS_ERROR(6311, "tsl parse: data type is not date"),
    STRUCT_SPECS_ERROR(6312, "tsl parse: struct specs error"),
    DOUBLE_SPECS_ERROR(6322, "tsl parse: data type is not double or out of specs"),
    ARRAY_SPECS_ERROR(6324, "tsl parse: array specs error"),
    /** The product has no thing model Weft knows of. */
    TSL_NOT_FOUND(6321, "tsl: device not exist in product");

    private final int code;
    private final String message;

    AlinkCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}

package io.weft.e2e;

/** A registered device as its owner knows it: identity, secret, and its Alibaba topics. */
record TestDevice(String productKey, String name, String secret) {

    String postTopic() {
        return "/sys/" + productKey + "/" + name + "/thing/event/property/post";
    }

    String replyTopic() {
        return postTopic() + "_reply";
    }

    /** What a device subscribes to for RRPC requests, as Alibaba's SDKs do. */
    String rrpcRequestFilter() {
        return "/sys/" + productKey + "/" + name + "/rrpc/request/+";
    }

    /** Where the device answers the RRPC request with this message id. */
    String rrpcResponseTopic(String messageId) {
        return "/sys/" + productKey + "/" + name + "/rrpc/response/" + messageId;
    }
}

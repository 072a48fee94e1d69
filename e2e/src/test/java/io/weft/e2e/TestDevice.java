package io.weft.e2e;

/** A registered device as its owner knows it: identity, secret, and its Alibaba topics. */
record TestDevice(String productKey, String name, String secret) {

    String postTopic() {
        return "/sys/" + productKey + "/" + name + "/thing/event/property/post";
    }

    String replyTopic() {
        return postTopic() + "_reply";
    }
}

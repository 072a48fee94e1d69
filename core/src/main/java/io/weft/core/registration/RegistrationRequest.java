package io.weft.core.registration;

/**
 * An edge verified a CONNECT signed with the product secret and asks the control plane to decide. {@code requestId}
 * is a message id the edge drew (unique across edges); {@code edge} names the edge, {@code time} is its clock in
 * epoch ms. The control plane answers within the edge's wait or the device gets CONNACK 0x03.
 */
public record RegistrationRequest(long requestId, RegistrationMode mode, String productKey, String deviceName,
                                  String edge, long time) implements RegistrationMessage {
}

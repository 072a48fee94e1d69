package io.weft.controlplane.registry;

/** Kafka did not take a registry change: the change is not made (503 to the caller). */
public class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

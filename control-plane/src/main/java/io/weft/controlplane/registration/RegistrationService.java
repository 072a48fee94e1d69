package io.weft.controlplane.registration;

import io.weft.controlplane.device.DeviceService;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationAnswer.Outcome;
import io.weft.core.registration.RegistrationMode;
import io.weft.core.registration.RegistrationRequest;
import io.weft.core.registry.DeviceEntry;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides a dynamic registration in one database transaction; the one place that decides, whichever edge asked.
 * <ul>
 *   <li>{@code register}: the product allows it, the device exists, has never registered and never come online →
 *       it is marked registered and its secret is the answer. Any later request is refused (ALREADY_REGISTERED):
 *       the secret is handed out exactly once.</li>
 *   <li>{@code regnwl}: the product allows it and no device has the name → the device is created, enabled, with a
 *       fresh token as its credential, and the registry learns it through the outbox (in the same transaction).</li>
 * </ul>
 * The same request decided again (a second control-plane replica, a replayed record) gets the same answer: the
 * device remembers the request that registered it.
 */
@Service
public class RegistrationService {
    private final SecureRandom random = new SecureRandom();
    private final RegistrationRepository repository;
    private final RegistryPublisher registry;

    public RegistrationService(RegistrationRepository repository, RegistryPublisher registry) {
        this.repository = repository;
        this.registry = registry;
    }

    @Transactional
    public RegistrationAnswer decide(RegistrationRequest request) {
        boolean allowed = repository.allowed(request.productKey())
                .map(a -> request.mode() == RegistrationMode.REGISTER ? a.register() : a.regnwl())
                .orElse(false);
        if (!allowed) {
            return RegistrationAnswer.refused(request, Outcome.NOT_ENABLED);
        }
        return request.mode() == RegistrationMode.REGISTER ? register(request) : regnwl(request);
    }

    private RegistrationAnswer register(RegistrationRequest request) {
        Optional<String> secret = repository.markRegistered(request.productKey(), request.deviceName(),
                request.requestId());
        if (secret.isPresent()) {
            return RegistrationAnswer.secret(request, secret.get());
        }
        return repository.find(request.productKey(), request.deviceName())
                .map(d -> sameRequest(d, request) ? RegistrationAnswer.secret(request, d.secret())
                        : RegistrationAnswer.refused(request, Outcome.ALREADY_REGISTERED))
                .orElseGet(() -> RegistrationAnswer.refused(request, Outcome.UNKNOWN_DEVICE));
    }

    private RegistrationAnswer regnwl(RegistrationRequest request) {
        if (request.deviceName() == null || !request.deviceName().matches(DeviceService.NAME_PATTERN)) {
            return RegistrationAnswer.refused(request, Outcome.INVALID_DEVICE_NAME);
        }
        String token = randomHex(16);
        if (repository.insertRegistered(request.productKey(), request.deviceName(), token, request.requestId())) {
            registry.publish(new DeviceEntry(request.productKey(), request.deviceName(), token, true,
                    System.currentTimeMillis()));
            return RegistrationAnswer.token(request, clientId(request), token);
        }
        return repository.find(request.productKey(), request.deviceName())
                .filter(d -> sameRequest(d, request))
                .map(d -> RegistrationAnswer.token(request, clientId(request), d.secret()))
                .orElseGet(() -> RegistrationAnswer.refused(request, Outcome.ALREADY_REGISTERED));
    }

    private static boolean sameRequest(RegistrationRepository.Registered device, RegistrationRequest request) {
        return device.registrationId() != null && device.registrationId() == request.requestId();
    }

    /** The clientId a registration-free device connects with: {@code {pk}.{dn}}, Alibaba's usual form. */
    private static String clientId(RegistrationRequest request) {
        return request.productKey() + "." + request.deviceName();
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

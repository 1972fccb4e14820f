package io.hookshot.worker.api;

import io.hookshot.worker.registry.InvalidRegistryInputException;
import io.hookshot.worker.registry.RegistryConflictException;
import io.javalin.http.Handler;

/**
 * Turns the registry's refusals into problems: a broken rule is a 400, a conflict with the registry's state a 409,
 * each naming its field. Stateless.
 */
final class RegistryErrors {
    private RegistryErrors() {}

    /** {@code handler}, with the registry's exceptions answered as problems. */
    static Handler mapped(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (InvalidRegistryInputException e) {
                throw ApiException.badRequest(e.field(), e.getMessage());
            } catch (RegistryConflictException e) {
                throw ApiException.conflict(e.field(), e.getMessage());
            }
        };
    }
}

package dev.integratedauth.randomnumber;

import dev.integratedauth.workarounds.quarkus.HangUpSafeCalls;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

import io.smallrye.mutiny.Uni;

/**
 * The third-party "RandomNumber" API (an Azure Function with function-level auth). Its base URL is the full
 * {@code THIRD_PARTY_API_ENDPOINT}.
 * <p>
 * The body is taken as text: the Functions host labels its JSON {@code text/plain}, and {@link RandomNumberClient}
 * checks it anyway. Its size is bounded while it arrives ({@link RandomNumberAnswers}).
 */
@RegisterRestClient(configKey = "random-number")
@RegisterProvider(RandomNumberAnswers.class) // every answer bounded in size and time while it is read
@RegisterProvider(HangUpSafeCalls.class) // a hang-up cancels a call only once its request exists
public interface RandomNumberApi {

    /** The function key travels in the {@code x-functions-key} header, never in the URL. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> randomNumber(@HeaderParam("x-functions-key") String functionKey);

    @ClientExceptionMapper
    static RuntimeException refused(Response response) {
        return new RandomNumberApiException.Refused(response.getStatus());
    }
}

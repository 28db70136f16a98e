package dev.integratedauth.workarounds.quarkus;

import dev.integratedauth.web.Problem;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.LocalAzureTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answer Jackson cannot write, as every problem body was in the native image before its type was registered
 * for reflection (Jackson then sees a bean without properties): the caller still gets a problem, and the failure is
 * one ERROR line naming the type, not a DEBUG line.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
class UnwritableAnswersTest {

    /** A body Jackson finds no property in. */
    public static final class Opaque {
    }

    static final class FixtureFailure extends RuntimeException {
    }

    @Path("/test-fixture/unwritable")
    public static class FailingResource {
        @GET
        public String answer() {
            throw new FixtureFailure();
        }
    }

    /** Like the problem mappers: an exception mapper's {@code Response}, whose entity is then written. */
    public static class OpaqueMapper {
        @ServerExceptionMapper
        public Response map(FixtureFailure failure) {
            return Response.status(503).type(MediaType.APPLICATION_JSON).entity(new Opaque()).build();
        }
    }

    @Test
    void anUnwritableAnswerIsA500ProblemAndOneErrorLine() {
        try (CapturedLog log = CapturedLog.warningsAndErrors()) {
            given().get("/test-fixture/unwritable").then()
                    .statusCode(500)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("status", equalTo(500))
                    .body("title", equalTo("Internal Server Error"));

            List<String> lines = log.messages().stream()
                    .filter(line -> line.contains(UnwritableAnswers.class.getName())).toList();
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).startsWith("ERROR"), lines.get(0));
            assertTrue(lines.get(0).contains("GET /test-fixture/unwritable")
                    && lines.get(0).contains(Opaque.class.getName()), lines.get(0));
        }
    }
}

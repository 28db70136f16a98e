package dev.integratedauth.testing;

import java.time.Duration;

import dev.integratedauth.localazure.LocalAzure;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

/**
 * The tests' caller: the local Entra's caller app, holding both of the API's roles. Every test that is not about
 * authentication calls as it, as a real caller would: RestAssured sends its token by default, and the tests' own HTTP
 * clients add {@link #authorization()}. Tests of authentication send their own header, or none ({@link #anonymous()}).
 */
public final class TestCaller {

    /** How every object id the tests make up for a caller starts, so LogHygiene finds them in any log. */
    public static final String OBJECT_ID_PREFIX = "0b1ec7ed-";
    /** JVM-wide, as Quarkus loads test classes in a class loader per application (see LogHygiene). */
    private static final String TOKEN = "integrated-auth.tests.caller-token";

    private TestCaller() {
    }

    /** Mints the caller's token on {@code localAzure} (valid for longer than the suite runs) and sends it by default. */
    public static void signIn(LocalAzure localAzure) {
        String token = localAzure.callerToken().validFor(Duration.ofHours(12)).mint();
        System.setProperty(TOKEN, token);
        RestAssured.replaceFiltersWith(new SignedIn());
    }

    /** Sends the caller's token with every request that names no Authorization of its own. */
    private static final class SignedIn implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", authorization());
            }
            return context.next(request, response);
        }
    }

    /** The object id of another caller, made up for a test: {@code name} 1 to 12 hex digits. */
    public static String objectId(String hexName) {
        return OBJECT_ID_PREFIX + "0000-4000-8000-" + "0".repeat(12 - hexName.length()) + hexName;
    }

    /** {@code Bearer <token>}: the Authorization header's value. */
    public static String authorization() {
        String token = System.getProperty(TOKEN);
        if (token == null) {
            throw new IllegalStateException("no local Azure has signed the tests' caller in");
        }
        return "Bearer " + token;
    }

    /** A request without the caller's token (and without any other filter). */
    public static RequestSpecification anonymous() {
        return RestAssured.given().noFilters();
    }
}

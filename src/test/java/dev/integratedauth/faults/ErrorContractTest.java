package dev.integratedauth.faults;

import org.junit.jupiter.api.Test;

import dev.integratedauth.testing.LocalAzureTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Unknown routes and methods get problem JSON too. */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
class ErrorContractTest {

    @Test
    void unknownRouteIs404Problem() {
        given().when().get("/api/v1/nothing-here").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().when().post("/api/v1/getcode").then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405))
                .body("title", equalTo("Method Not Allowed"));
    }
}

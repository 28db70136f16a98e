package dev.integratedauth.verify;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code POST /api/v1/codes/verify}: {@code {"code":"AbC-123-xYz","valid":true}} for the one caller that
 * used the code up, {@code {"valid":false}} for everything else (unknown, expired or used: the same answer).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Whether the code was live; true once per code.")
public record Verification(
        @Schema(description = "The code, only when valid", examples = "AbC-123-xYz") String code,
        @Schema(description = "true: the code was live and is now used up; false: unknown, expired or already used")
        boolean valid) {

    static final Verification INVALID = new Verification(null, false);

    static Verification valid(String code) {
        return new Verification(code, true);
    }
}

package dev.integratedauth.lifecycle;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/codes/verify}, for the API description (the resource parses it itself). */
@Schema(description = "The code to verify, as getcode returned it.", requiredProperties = "code")
public record VerificationRequest(@Schema(examples = "AbC-123-xYz", maxLength = 64) String code) {
}

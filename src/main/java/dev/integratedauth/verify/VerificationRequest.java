package dev.integratedauth.verify;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/codes/verify}. */
@Schema(description = "The code to verify, as getcode returned it.", requiredProperties = "code")
public record VerificationRequest(@Schema(examples = "AbC-123-xYz", maxLength = 64) String code) {
}

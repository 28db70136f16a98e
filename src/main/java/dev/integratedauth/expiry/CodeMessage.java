package dev.integratedauth.expiry;

import dev.integratedauth.codes.CodeRecords;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A message of {@code code-requests} as the service sends it: {@code {"code":"AbC-123-xYz","timestamp":"..."}}.
 *
 * @param code the code
 * @param issuedAt its {@code timestamp}: when the service issued it, which is where its life starts
 */
record CodeMessage(String code, Instant issuedAt) {

    /** A code and its JSON are under 100 bytes; anything much larger is not one of ours. */
    static final int MAX_BYTES = 1024;

    static CodeMessage parse(byte[] body, ObjectMapper json) throws NotACodeException {
        if (body.length > MAX_BYTES) {
            throw new NotACodeException("larger than " + MAX_BYTES + " bytes");
        }
        JsonNode message;
        try {
            message = json.readTree(body);
        } catch (IOException e) {
            throw new NotACodeException("not JSON");
        }
        if (message == null || !message.isObject() || !message.path("code").isTextual()
                || !message.path("timestamp").isTextual()) {
            throw new NotACodeException("not an object with the strings code and timestamp");
        }
        String code = message.get("code").asText();
        if (!CodeRecords.isCodeShaped(code)) {
            throw new NotACodeException("code is not of the form AbC-123-xYz");
        }
        try {
            return new CodeMessage(code, Instant.parse(message.get("timestamp").asText()));
        } catch (DateTimeParseException e) {
            throw new NotACodeException("timestamp is not an ISO-8601 instant");
        }
    }
}

package dev.integratedauth.web;

import jakarta.ws.rs.core.MediaType;

/** An RFC 9457 problem details body. */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    public static final String TYPE_PREFIX = "urn:integrated-auth:problem:";
}

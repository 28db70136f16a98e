package dev.integratedauth.codes;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Codes: how long a getcode request may take, how long a code is valid, and what a verification request may be. */
@ConfigMapping(prefix = "app.codes")
public interface CodesConfig {

    /** A getcode request takes at most this long, all retries included; then it answers 504. */
    @WithDefault("10s")
    Duration deadline();

    /** A code is valid this long from its issue time (the {@code timestamp} of its getcode answer), once. */
    @WithDefault("10m")
    Duration validity();

    Verify verify();

    interface Verify {
        /** Larger request bodies get 413: a code and its JSON are under 50 bytes. */
        @WithDefault("1024")
        int maxBodyBytes();
    }
}

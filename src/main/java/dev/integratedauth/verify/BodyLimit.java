package dev.integratedauth.verify;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import dev.integratedauth.codes.CodesConfig;
import dev.integratedauth.web.ProblemException;

/**
 * A verification request's body is read only up to {@code app.codes.verify.max-body-bytes}: one byte more and the
 * request gets the 413 problem, whether the body declared its length or not.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER) // not the REST client's answers
public class BodyLimit implements ReaderInterceptor {

    /** Looked up on use: providers are made before the run-time configuration is there. */
    private final Instance<CodesConfig> config;

    BodyLimit(Instance<CodesConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() == VerificationRequest.class) {
            context.setInputStream(new Bounded(context.getInputStream(), config.get().verify().maxBodyBytes()));
        }
        return context.proceed();
    }

    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long maxBytes) {
            super(in);
            this.left = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            left -= n;
            if (left < 0) {
                throw new ProblemException(VerifyFailure.TOO_LARGE, null);
            }
        }
    }
}

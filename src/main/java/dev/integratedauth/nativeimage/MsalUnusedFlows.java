package dev.integratedauth.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * Cuts msal4j's sign-in flows for people out of the native image. A service has no browser, no terminal and no Windows
 * domain: DefaultAzureCredential's chain never takes them, yet msal4j's request dispatch links them all, and with them
 * the JDK's HTTP server (the interactive flow's redirect listener) and its DOM, XPath and XSLT (WS-Trust, the federated
 * username/password and Windows-integrated flows). Each substitute fails the same way the flow would fail on a server,
 * with an exception, so nothing that works today stops working; only the dead code is gone.
 * <p>
 * The JVM ignores these classes (GraalVM substitutions apply in the native image only).
 */
final class MsalUnusedFlows {

    private static final String NOT_IN_IMAGE = "not available in this native image: it is a service without a user";

    private MsalUnusedFlows() {
    }

    /** msal4j's (package-private) token result; only named here, never created. */
    @TargetClass(className = "com.microsoft.aad.msal4j.AuthenticationResult")
    static final class Target_AuthenticationResult {
    }

    @TargetClass(className = "com.microsoft.aad.msal4j.WSTrustResponse")
    static final class Target_WSTrustResponse {
    }

    @TargetClass(className = "com.microsoft.aad.msal4j.RequestContext")
    static final class Target_RequestContext {
    }

    @TargetClass(className = "com.microsoft.aad.msal4j.ServiceBundle")
    static final class Target_ServiceBundle {
    }

    /** InteractiveBrowserCredential: opens a browser and listens for the redirect (com.sun.net.httpserver). */
    @TargetClass(className = "com.microsoft.aad.msal4j.AcquireTokenByInteractiveFlowSupplier")
    static final class Target_InteractiveFlow {
        @Substitute
        Target_AuthenticationResult execute() {
            throw new UnsupportedOperationException("Interactive browser sign-in is " + NOT_IN_IMAGE);
        }
    }

    /** DeviceCodeCredential: shows a code for a person to type into a browser elsewhere. */
    @TargetClass(className = "com.microsoft.aad.msal4j.AcquireTokenByDeviceCodeFlowSupplier")
    static final class Target_DeviceCodeFlow {
        @Substitute
        Target_AuthenticationResult execute() {
            throw new UnsupportedOperationException("Device code sign-in is " + NOT_IN_IMAGE);
        }
    }

    /**
     * WS-Trust against a federated (ADFS) identity provider: the username/password flow for federated accounts and
     * Windows-integrated auth. A managed account's username/password grant does not come here and is unchanged.
     */
    @TargetClass(className = "com.microsoft.aad.msal4j.WSTrustRequest")
    static final class Target_WSTrustRequest {
        @Substitute
        static Target_WSTrustResponse execute(String username, String password, String federationMetadataUrl,
                String cloudAudienceUrn, Target_RequestContext requestContext, Target_ServiceBundle serviceBundle,
                boolean logPii) {
            throw new UnsupportedOperationException("Federated (WS-Trust) username/password sign-in is "
                    + NOT_IN_IMAGE);
        }

        @Substitute
        static Target_WSTrustResponse execute(String federationMetadataUrl, String cloudAudienceUrn,
                Target_RequestContext requestContext, Target_ServiceBundle serviceBundle, boolean logPii) {
            throw new UnsupportedOperationException("Windows-integrated sign-in is " + NOT_IN_IMAGE);
        }
    }
}

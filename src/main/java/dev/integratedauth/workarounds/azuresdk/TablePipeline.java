package dev.integratedauth.workarounds.azuresdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPolicyProviders;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Configuration;
import com.azure.core.util.CoreUtils;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.TableScrubEtagPolicy;

/**
 * The codes' table's HTTP pipeline: the one {@link TableClientBuilder} builds for a token credential, policy for policy
 * and in the same order, except for the credential policy, which is azure-core's plain
 * {@link BearerTokenAuthenticationPolicy}.
 * <p>
 * Why: the builder's {@code TableBearerTokenChallengeAuthorizationPolicy} asks azure-core's {@code AccessTokenCache}
 * for the token with a forced fetch on every request, and in that mode a request that meets another one inside the
 * cache is tried again 500 ms later: concurrent inserts and verifications wait half a second
 * (docs/decisions/0003-table-pipeline.md). The plain policy takes the cached token. What it lacks, the table policy's
 * tenant discovery from a 401 challenge, is off unless the builder enables it, which this service never does.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-data-tables 12.5.9 on azure-core 1.58.1; upstream: none filed.
 * Remove when {@code AzureSdkCanaryTest#tablePipelineStillNeeded} fails.
 */
public final class TablePipeline {

    /** The scope azure-data-tables asks for, for a Storage account's table endpoint. */
    static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    private TablePipeline() {
    }

    /**
     * @param perCall policies the builder's {@code addPolicy} would put before the retry policy
     * @param perRetry policies the builder's {@code addPolicy} would put after the credential policy
     */
    public static HttpPipeline build(HttpClient httpClient, TokenCredential credential, RetryOptions retry,
            List<HttpPipelinePolicy> perCall, List<HttpPipelinePolicy> perRetry) {
        Map<String, String> library = CoreUtils.getProperties("azure-data-tables.properties");
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy(null, library.getOrDefault("name", "UnknownName"),
                library.getOrDefault("version", "UnknownVersion"), Configuration.getGlobalConfiguration()));
        policies.add(new RequestIdPolicy());
        policies.addAll(perCall);
        HttpPolicyProviders.addBeforeRetryPolicies(policies);
        policies.add(new RetryPolicy(retry));
        policies.add(new AddDatePolicy());
        policies.add(new BearerTokenAuthenticationPolicy(credential, STORAGE_SCOPE));
        policies.addAll(perRetry);
        HttpPolicyProviders.addAfterRetryPolicies(policies);
        policies.add(new HttpLoggingPolicy(SafeHttpLogs.options())); // entities hold codes: never logged as bodies
        policies.add(new TableScrubEtagPolicy());
        return new HttpPipelineBuilder().policies(policies.toArray(HttpPipelinePolicy[]::new))
                .httpClient(httpClient).build();
    }
}

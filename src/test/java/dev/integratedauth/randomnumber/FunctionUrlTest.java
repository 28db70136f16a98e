package dev.integratedauth.randomnumber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionUrlTest {

    private static final String KEY = "tpk-URL-CANARY-5tQ9";

    @ParameterizedTest
    @ValueSource(strings = {"https://fn.azurewebsites.net/api/RandomNumber?code=" + KEY,
            "https://fn.azurewebsites.net/api/RandomNumber?x=1&code=" + KEY,
            "https://fn.azurewebsites.net/api/RandomNumber?Code=" + KEY})
    void aUrlWithTheFunctionKeyIsRefusedWithoutRepeatingTheKey(String url) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FunctionUrl.withoutKey(url));
        assertTrue(refused.getMessage().contains("THIRD_PARTY_API_ENDPOINT"), refused.getMessage());
        assertFalse(refused.getMessage().contains(KEY), "the key is not in the message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://fn.azurewebsites.net/api/RandomNumber",
            "https://fn.azurewebsites.net/api/RandomNumber?codes=1", "https://127.0.0.1:18443/api/RandomNumber"})
    void aUrlWithoutAKeyIsKept(String url) {
        assertEquals(url, FunctionUrl.withoutKey(url));
    }

    @Test
    void aQueryParameterNamedLikeTheKeyButLongerIsNotTheKey() {
        assertEquals("https://x/api?codex=1", FunctionUrl.withoutKey("https://x/api?codex=1"));
    }
}

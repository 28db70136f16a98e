package dev.integratedauth.localazure;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;

/** One local Azure endpoint: a WireMock transformer that answers only the stubs that name it. */
abstract class LocalStub implements ResponseDefinitionTransformerV2 {

    private final String name;

    LocalStub(String name) {
        this.name = name;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final boolean applyGlobally() {
        return false;
    }
}

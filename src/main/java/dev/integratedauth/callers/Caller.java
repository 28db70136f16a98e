package dev.integratedauth.callers;

/**
 * Who is calling, as far as budgets go: an Entra identity ({@code oid}, else {@code azp}) or, with authentication off,
 * a client address. Held in memory only: never logged, never a metric tag.
 */
record Caller(String key) {

    static Caller entra(String objectId) {
        return new Caller("entra:" + objectId);
    }

    static Caller address(String address) {
        return new Caller("address:" + address);
    }

    @Override
    public String toString() {
        return "Caller[" + (key.startsWith("entra:") ? "entra" : "address") + "]";
    }
}

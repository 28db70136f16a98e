package dev.integratedauth.testing;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Reads samples from {@code /q/metrics} (Prometheus text format). */
public final class Prometheus {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Prometheus() {
    }

    public static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}; empty if there is none. */
    public static OptionalDouble value(String scrape, String name, Map<String, String> labels) {
        boolean found = false;
        double sum = 0;
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> present = new java.util.HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    present.put(label.group(1), label.group(2));
                }
            }
            if (present.entrySet().containsAll(labels.entrySet())) {
                found = true;
                sum += Double.parseDouble(sample.group(4));
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    public static double valueOrZero(String scrape, String name, Map<String, String> labels) {
        return value(scrape, name, labels).orElse(0);
    }
}

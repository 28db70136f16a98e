package dev.integratedauth.randomnumber;

import jakarta.inject.Singleton;

import dev.integratedauth.workarounds.quarkus.BoundedAnswers;

/** The RandomNumber API's answers, bounded to {@code app.third-party.max-response-size} while they arrive. */
@Singleton
public class RandomNumberAnswers extends BoundedAnswers {

    RandomNumberAnswers(RandomNumberConfig config) {
        super(config.maxResponseSize().asLongValue());
    }
}

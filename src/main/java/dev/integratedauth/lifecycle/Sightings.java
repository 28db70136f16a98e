package dev.integratedauth.lifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer's last sighting of the most recent codes, in memory, for dev mode's view of a code
 * ({@code /local-azure/codes/{code}}): a message the consumer put back is invisible, so a peek cannot show it.
 */
@ApplicationScoped
public class Sightings {

    /**
     * @param outcome      what the consumer did
     * @param dequeueCount how often the message had been received
     * @param visibleAgain when the put-back message reappears (null unless recorded)
     */
    public record Sighting(String outcome, Instant seenAt, long dequeueCount, Instant visibleAgain) {
    }

    private static final int KEPT = 256;
    private final Map<String, Sighting> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sighting> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void seen(String code, Sighting sighting) {
        recent.remove(code);
        recent.put(code, sighting);
    }

    public synchronized Optional<Sighting> last(String code) {
        return Optional.ofNullable(recent.get(code));
    }
}

package dev.integratedauth.codes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;

import dev.integratedauth.azure.AzureConfig;
import dev.integratedauth.common.ReactorBridge;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import reactor.core.publisher.Mono;

/**
 * The codes' table: one entity per issued code, partition key the code, row key empty. Every write is conditional,
 * which is what keeps the life cycle safe under at-least-once delivery (docs/lifecycle.md, "Invariants"):
 * <ul>
 * <li>an entity is only ever <em>created</em> (insert, 409 if it exists): a code seen again never gets a second entity,
 * a new issue time or a new expiry;</li>
 * <li>{@code ExpiresAt} is written once, at that insert, from the issue time; nothing updates it;</li>
 * <li>a code is used by a merge conditional on the ETag read (If-Match): of any number of concurrent uses exactly one
 * gets 204, the others 412; the used entity stays until the code expires, so a late copy of its message finds it (409)
 * and cannot bring the code back;</li>
 * <li>only the consumer deletes an entity, and only once the code has expired.</li>
 * </ul>
 */
// Made at boot, not by the first request: building the Table client would take an event loop for a while.
@Startup
@ApplicationScoped
public class CodeRecords {

    static final String ROW_KEY = "";
    static final String ISSUED_AT = "IssuedAt";
    static final String EXPIRES_AT = "ExpiresAt";
    static final String USED_AT = "UsedAt";
    /** A random id of the verification that used the code: lets a retried merge recognise its own success. */
    static final String USED_BY = "UsedBy";
    private static final Pattern CODE = Pattern.compile("[A-Za-z]{3}-\\d{1,4}-[A-Za-z]{3}");

    private final TableAsyncClient table;
    private final Duration timeout;
    private final Duration validity;
    private final Clock clock;

    @Inject
    CodeRecords(TableAsyncClient table, AzureConfig azure, CodesConfig codes) {
        this(table, azure.table().timeout(), codes.validity(), Clock.systemUTC());
    }

    CodeRecords(TableAsyncClient table, Duration timeout, Duration validity, Clock clock) {
        this.table = table;
        this.timeout = timeout;
        this.validity = validity;
        this.clock = clock;
    }

    /** Whether {@code code} looks like one of ours: only such strings are ever used as a table key. */
    public static boolean isCodeShaped(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public Duration validity() {
        return validity;
    }

    /** When a code issued at {@code issuedAt} stops being valid. */
    public Instant expiry(Instant issuedAt) {
        return issuedAt.plus(validity);
    }

    /**
     * Records a code issued at {@code issuedAt}, unless it is recorded already: true if the table now holds this issue
     * of the code (created by this call, or by an earlier try of the same insert that the SDK repeated), false if the
     * code belongs to another issue (a collision) or the table refused the insert without holding it. An existing
     * entity is left exactly as it was.
     */
    public Uni<Boolean> record(String code, Instant issuedAt) {
        return call(table.createEntity(entity(code, issuedAt))).replaceWith(true)
                .onFailure(status(409)).recoverWithUni(() -> find(code)
                        .map(found -> found.map(e -> issuedAt.equals(instant(e.getProperty(ISSUED_AT))))
                                .orElse(false)));
    }

    /**
     * Records a code issued at {@code issuedAt} unless some entity holds the code already (the issuer's insert, as a
     * rule), which is then left exactly as it was: the consumer's catch-up for an insert that failed after the queue
     * accepted the message.
     */
    public Uni<Void> recordIfAbsent(String code, Instant issuedAt) {
        return call(table.createEntity(entity(code, issuedAt))).replaceWithVoid()
                .onFailure(status(409)).recoverWithNull();
    }

    private TableEntity entity(String code, Instant issuedAt) {
        return new TableEntity(code, ROW_KEY)
                .addProperty(ISSUED_AT, utc(issuedAt))
                .addProperty(EXPIRES_AT, utc(expiry(issuedAt)));
    }

    /**
     * Uses {@code code} up if it is live (recorded, not expired, not used): true for exactly one caller per code.
     * Unknown, expired and used codes are all simply false.
     */
    public Uni<Boolean> use(String code) {
        if (!isCodeShaped(code)) {
            return Uni.createFrom().item(false);
        }
        Instant now = clock.instant();
        String attempt = UUID.randomUUID().toString();
        return find(code).chain(found -> {
            if (found.isEmpty() || !isLive(found.get(), now)) {
                return Uni.createFrom().item(false);
            }
            TableEntity entity = found.get().addProperty(USED_AT, utc(now)).addProperty(USED_BY, attempt);
            return call(table.updateEntityWithResponse(entity, TableEntityUpdateMode.MERGE, true))
                    .replaceWith(true)
                    // Someone else used it first; or the SDK retried our own merge after it had landed.
                    .onFailure(status(412)).recoverWithUni(() -> find(code)
                            .map(now2 -> now2.map(e -> attempt.equals(e.getProperty(USED_BY))).orElse(false)))
                    // Expired and removed by the consumer in between.
                    .onFailure(status(404)).recoverWithItem(false);
        });
    }

    /** Removes the code's entity (its life is over); an entity already gone is fine. */
    public Uni<Void> forget(String code) {
        return call(table.deleteEntity(code, ROW_KEY)).replaceWithVoid()
                .onFailure(status(404)).recoverWithNull();
    }

    /** The code's entity, if there is one. */
    public Uni<Optional<TableEntity>> find(String code) {
        return call(table.getEntity(code, ROW_KEY)).map(Optional::ofNullable)
                .onFailure(status(404)).recoverWithItem(Optional.empty());
    }

    static boolean isLive(TableEntity entity, Instant now) {
        Instant expiresAt = instant(entity.getProperty(EXPIRES_AT));
        return entity.getProperty(USED_AT) == null && expiresAt != null && now.isBefore(expiresAt);
    }

    /** An Edm.DateTime property as the SDK returns it (OffsetDateTime; a string where the type was not sent). */
    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return value == null ? null : OffsetDateTime.parse(value.toString()).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private <T> Uni<T> call(Mono<T> mono) {
        return ReactorBridge.toUni(mono)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("Table Storage did not answer in "
                        + timeout));
    }

    private static java.util.function.Predicate<Throwable> status(int status) {
        return failure -> failure instanceof HttpResponseException http && http.getResponse() != null
                && http.getResponse().getStatusCode() == status;
    }
}

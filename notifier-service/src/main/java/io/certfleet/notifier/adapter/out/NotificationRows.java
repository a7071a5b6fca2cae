package io.certfleet.notifier.adapter.out;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface NotificationRows extends CrudRepository<NotificationRow, UUID> {

    boolean existsByProblemKey(String problemKey);

    @Query("UPDATE notification SET occurrences = occurrences + 1, last_seen_at = :at WHERE problem_key = :problemKey")
    long recordRepeat(String problemKey, Instant at);
}

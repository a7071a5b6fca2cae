package io.certfleet.renewal.adapter.out;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface RenewalRows extends CrudRepository<RenewalRow, UUID> {

    @Query("SELECT * FROM renewal WHERE cluster_id = :clusterId AND coalesce(node_name, '') = :nodeName"
            + " AND location = :location AND state IN ('REQUESTED', 'APPROVED', 'IN_PROGRESS')")
    Optional<RenewalRow> findOpen(String clusterId, String nodeName, String location);
}

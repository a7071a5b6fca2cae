package io.certfleet.notifier.adapter.out;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ApprovalRows extends CrudRepository<ApprovalRow, UUID> {

    @Query("SELECT * FROM approval WHERE id = :id FOR UPDATE")
    Optional<ApprovalRow> findByIdForUpdate(UUID id);

    @Query("SELECT * FROM approval WHERE subject_kind = :subjectKind AND subject_id = :subjectId FOR UPDATE")
    Optional<ApprovalRow> findBySubjectForUpdate(String subjectKind, String subjectId);

    boolean existsBySubjectKindAndSubjectId(String subjectKind, String subjectId);

    List<ApprovalRow> findByStateOrderByRequestedAt(String state);
}

package io.certfleet.upgrade.adapter.out;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface UpgradePlanRows extends CrudRepository<UpgradePlanRow, String> {}

package org.felicette.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * UWS jobs in the database. Claims take a QUEUED job with {@code FOR UPDATE SKIP LOCKED}, so that
 * workers of every instance share the queue without taking a job twice; a claim is a lease
 * ({@code lease_until}) its worker renews while the job runs.
 */
@RegisterConstructorMapper(JobDao.JobRow.class)
public interface JobDao {

    /** A job as stored; JSON columns as text. */
    record JobRow(String id, String family, String ownerId, String phase, String parameters, Instant createdAt,
            Instant startedAt, Instant endedAt, int executionDuration, Instant destruction, Instant quote,
            String results, String errorSummary, String progress, String instance, Instant leaseUntil) {
    }

    String COLUMNS = """
            id, family, owner_id, phase, parameters::text AS parameters, created_at, started_at, ended_at,
            execution_duration, destruction, quote, results::text AS results, error_summary,
            progress::text AS progress, instance, lease_until""";

    @SqlUpdate("""
            INSERT INTO felicette.jobs (id, family, owner_id, parameters, execution_duration, destruction)
            VALUES (:id, :family, :ownerId, CAST(:parameters AS jsonb), :executionDuration, :destruction)
            """)
    void insert(String id, String family, String ownerId, String parameters, int executionDuration,
            Instant destruction);

    @SqlQuery("SELECT " + COLUMNS + " FROM felicette.jobs WHERE id = :id")
    Optional<JobRow> find(String id);

    /** PENDING (or HELD) to QUEUED; whether it was so. */
    @SqlUpdate("UPDATE felicette.jobs SET phase = 'QUEUED' WHERE id = :id AND phase IN ('PENDING', 'HELD')")
    int queue(String id);

    /** The oldest QUEUED job of these families, now EXECUTING under this instance's lease. */
    @SqlQuery("""
            UPDATE felicette.jobs SET phase = 'EXECUTING', started_at = now(), instance = :instance,
                lease_until = now() + make_interval(secs => :leaseSeconds)
            WHERE id = (SELECT id FROM felicette.jobs WHERE phase = 'QUEUED' AND family = ANY(:families)
                        ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS)
    Optional<JobRow> claim(String instance, String[] families, double leaseSeconds);

    /** Renews a lease (and the progress); 0 when the job is no longer this instance's to run. */
    @SqlUpdate("""
            UPDATE felicette.jobs SET lease_until = now() + make_interval(secs => :leaseSeconds),
                progress = CAST(:progress AS jsonb)
            WHERE id = :id AND phase = 'EXECUTING' AND instance = :instance
            """)
    int renew(String id, String instance, double leaseSeconds, String progress);

    /** Ends a job this instance runs: COMPLETED with results, or ERROR/ABORTED with a summary. */
    @SqlUpdate("""
            UPDATE felicette.jobs SET phase = :phase, ended_at = now(), results = CAST(:results AS jsonb),
                error_summary = :errorSummary, lease_until = NULL
            WHERE id = :id AND phase = 'EXECUTING' AND instance = :instance
            """)
    int finish(String id, String instance, String phase, String results, String errorSummary);

    /** Ends every EXECUTING job whose lease ran out (its instance went away); the ids ended. */
    @SqlQuery("""
            UPDATE felicette.jobs SET phase = 'ERROR', ended_at = now(), lease_until = NULL,
                error_summary = 'interrupted: the instance running the job stopped; please resubmit'
            WHERE phase = 'EXECUTING' AND lease_until < now()
            RETURNING id
            """)
    List<String> endExpired();

    /** Deletes the jobs past their destruction time; the ids deleted. */
    @SqlQuery("DELETE FROM felicette.jobs WHERE destruction < now() RETURNING id")
    List<String> sweep();
}

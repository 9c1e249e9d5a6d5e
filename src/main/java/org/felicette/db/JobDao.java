package org.felicette.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * UWS jobs in the database. Claims take a QUEUED job with {@code FOR UPDATE SKIP LOCKED}, so that
 * workers of every instance share the queue without taking a job twice; a claim is a lease
 * ({@code lease_until}) its instance renews while the job runs. A job bound to one instance (its
 * input is a file there) is created with that instance and a lease, is claimed only by it, and
 * is ended like a running job when the lease runs out.
 */
@RegisterConstructorMapper(JobDao.JobRow.class)
public interface JobDao {

    /** A job as stored; JSON columns as text. */
    record JobRow(String id, String family, String ownerId, String phase, String parameters, Instant createdAt,
            Instant startedAt, Instant endedAt, int executionDuration, Instant destruction, Instant quote,
            String results, String errorSummary, String errorType, String progress, String instance,
            Instant leaseUntil, String caller) {
    }

    String COLUMNS = """
            id, family, owner_id, phase, parameters::text AS parameters, created_at, started_at, ended_at,
            execution_duration, destruction, quote, results::text AS results, error_summary, error_type,
            progress::text AS progress, instance, lease_until, caller::text AS caller""";

    /** The phases a job can still leave (UWS: the job is not over). */
    String ACTIVE = "('PENDING', 'QUEUED', 'EXECUTING', 'HELD', 'SUSPENDED')";

    @SqlUpdate("""
            INSERT INTO felicette.jobs (id, family, owner_id, parameters, execution_duration, destruction, caller)
            VALUES (:id, :family, :ownerId, CAST(:parameters AS jsonb), :executionDuration, :destruction,
                CAST(:caller AS jsonb))
            """)
    void insert(String id, String family, String ownerId, String parameters, int executionDuration,
            Instant destruction, String caller);

    /** A job queued at once and bound to one instance, under its lease. */
    @SqlUpdate("""
            INSERT INTO felicette.jobs (id, family, owner_id, parameters, execution_duration, destruction, caller,
                phase, instance, lease_until)
            VALUES (:id, :family, :ownerId, CAST(:parameters AS jsonb), :executionDuration, :destruction,
                CAST(:caller AS jsonb), 'QUEUED', :instance, now() + make_interval(secs => :leaseSeconds))
            """)
    void insertBound(String id, String family, String ownerId, String parameters, int executionDuration,
            Instant destruction, String caller, String instance, double leaseSeconds);

    @SqlQuery("SELECT " + COLUMNS + " FROM felicette.jobs WHERE id = :id")
    Optional<JobRow> find(String id);

    @SqlQuery("SELECT phase FROM felicette.jobs WHERE id = :id")
    Optional<String> phase(String id);

    /**
     * Jobs of a family, newest first (ties by id, descending): of one owner (null: everyone's), in
     * the phases given (none: all but ARCHIVED), created after a time (null: any), strictly after
     * the keyset {@code beforeCreated}/{@code beforeId} in that order (null: from the newest), at
     * most {@code limit}. Read along the (owner, created, id) or (created, id) index, never skipping.
     */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM felicette.jobs
            WHERE family = :family AND (CAST(:owner AS text) IS NULL OR owner_id = :owner)
              AND (cardinality(CAST(:phases AS text[])) = 0 AND phase <> 'ARCHIVED' OR phase = ANY(CAST(:phases AS text[])))
              AND (CAST(:after AS timestamptz) IS NULL OR created_at > :after)
              AND (CAST(:beforeCreated AS timestamptz) IS NULL OR (created_at, id) < (:beforeCreated, :beforeId))
            ORDER BY created_at DESC, id DESC LIMIT :limit
            """)
    List<JobRow> list(String family, String owner, String[] phases, Instant after, Instant beforeCreated,
            String beforeId, int limit);

    /** PENDING (or HELD) to QUEUED; whether it was so. */
    @SqlUpdate("UPDATE felicette.jobs SET phase = 'QUEUED' WHERE id = :id AND phase IN ('PENDING', 'HELD')")
    int queue(String id);

    /** Ends a job that is not over as ABORTED; whether it was not over. */
    @SqlUpdate("UPDATE felicette.jobs SET phase = 'ABORTED', ended_at = now(), lease_until = NULL WHERE id = :id "
            + "AND phase IN " + ACTIVE)
    int abort(String id);

    @SqlUpdate("DELETE FROM felicette.jobs WHERE id = :id")
    int delete(String id);

    @SqlUpdate("UPDATE felicette.jobs SET destruction = :destruction WHERE id = :id")
    int setDestruction(String id, Instant destruction);

    /** The execution duration may change until the job starts. */
    @SqlUpdate("UPDATE felicette.jobs SET execution_duration = :seconds WHERE id = :id AND phase IN ('PENDING', 'HELD')")
    int setExecutionDuration(String id, int seconds);

    /** The parameters may change until the job is queued. */
    @SqlUpdate("""
            UPDATE felicette.jobs SET parameters = CAST(:parameters AS jsonb)
            WHERE id = :id AND phase IN ('PENDING', 'HELD')
            """)
    int setParameters(String id, String parameters);

    /** The oldest QUEUED job of these families this instance may run, now EXECUTING under its lease. */
    @SqlQuery("""
            UPDATE felicette.jobs SET phase = 'EXECUTING', started_at = now(), instance = :instance,
                lease_until = now() + make_interval(secs => :leaseSeconds)
            WHERE id = (SELECT id FROM felicette.jobs
                        WHERE phase = 'QUEUED' AND family = ANY(:families) AND (instance IS NULL OR instance = :instance)
                        ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS)
    Optional<JobRow> claim(String instance, String[] families, double leaseSeconds);

    /**
     * This job, if it is waiting (PENDING, HELD or QUEUED), of these families and this instance's
     * to run, now EXECUTING here under its lease: the instance that was told PHASE=RUN starts it
     * itself when it has a worker free.
     */
    @SqlQuery("""
            UPDATE felicette.jobs SET phase = 'EXECUTING', started_at = now(), instance = :instance,
                lease_until = now() + make_interval(secs => :leaseSeconds)
            WHERE id = :id AND phase IN ('PENDING', 'HELD', 'QUEUED') AND family = ANY(:families)
                AND (instance IS NULL OR instance = :instance)
            RETURNING\s""" + COLUMNS)
    Optional<JobRow> claimThis(String id, String instance, String[] families, double leaseSeconds);

    /** Renews a lease (and the progress); 0 when the job is no longer this instance's to run. */
    @SqlUpdate("""
            UPDATE felicette.jobs SET lease_until = now() + make_interval(secs => :leaseSeconds),
                progress = CAST(:progress AS jsonb)
            WHERE id = :id AND phase = 'EXECUTING' AND instance = :instance
            """)
    int renew(String id, String instance, double leaseSeconds, String progress);

    /**
     * Renews the leases of the jobs this instance runs ({@code running}) and of those bound to it
     * and still queued; the ids still its own. A job marked as run here that the instance no longer
     * runs is not renewed: its lease runs out and it is ended, never left EXECUTING.
     */
    @SqlQuery("""
            UPDATE felicette.jobs SET lease_until = now() + make_interval(secs => :leaseSeconds)
            WHERE instance = :instance AND (phase = 'QUEUED' OR phase = 'EXECUTING' AND id = ANY(:running))
            RETURNING id
            """)
    List<String> renewAll(String instance, double leaseSeconds, String[] running);

    /** Ends a job this instance runs: COMPLETED with results, or ERROR/ABORTED with a summary. */
    @SqlUpdate("""
            UPDATE felicette.jobs SET phase = :phase, ended_at = now(), results = CAST(:results AS jsonb),
                error_summary = :errorSummary, error_type = :errorType, lease_until = NULL,
                progress = coalesce(CAST(:progress AS jsonb), progress)
            WHERE id = :id AND phase = 'EXECUTING' AND instance = :instance
            """)
    int finish(String id, String instance, String phase, String results, String errorSummary, String errorType,
            String progress);

    /**
     * Ends every job whose lease ran out (its instance went away): running ones, and queued ones
     * bound to that instance. The ids ended.
     */
    @SqlQuery("""
            UPDATE felicette.jobs SET phase = 'ERROR', ended_at = now(), lease_until = NULL, error_type = 'transient',
                error_summary = 'interrupted: the instance running the job stopped; please resubmit'
            WHERE phase IN ('EXECUTING', 'QUEUED') AND lease_until < now()
            RETURNING id
            """)
    List<String> endExpired();

    /** The instances holding running or bound jobs. */
    @SqlQuery("SELECT DISTINCT instance FROM felicette.jobs WHERE phase IN ('EXECUTING', 'QUEUED') AND instance IS NOT NULL")
    List<String> holders();

    /**
     * Ends, at once, the running and bound jobs of an instance known to be gone (a process of
     * this machine that no longer exists), without waiting for their lease to run out.
     */
    @SqlQuery("""
            UPDATE felicette.jobs SET phase = 'ERROR', ended_at = now(), lease_until = NULL, error_type = 'transient',
                error_summary = 'interrupted: the instance running the job stopped; please resubmit'
            WHERE instance = :instance AND phase IN ('EXECUTING', 'QUEUED')
            RETURNING id
            """)
    List<String> endInstance(String instance);

    /** Ends the queued jobs bound to an instance that is stopping (their input is there only). */
    @SqlUpdate("""
            UPDATE felicette.jobs SET phase = 'ERROR', ended_at = now(), lease_until = NULL, error_type = 'transient',
                error_summary = 'interrupted: the instance holding the job stopped; please resubmit'
            WHERE instance = :instance AND phase = 'QUEUED'
            """)
    int endBound(String instance);

    /** Deletes the jobs past their destruction time; the ids deleted. */
    @SqlQuery("DELETE FROM felicette.jobs WHERE destruction < now() RETURNING id")
    List<String> sweep();

    @SqlQuery("SELECT pg_try_advisory_xact_lock(hashtext('felicette.jobs.sweeper'))")
    boolean trySweeperLock();

    /**
     * The sweep, by at most one instance at a time: the one holding the sweeper's lock for the
     * transaction; another finds it taken and sweeps nothing (empty).
     */
    @Transaction
    default Optional<List<String>> sweepAlone() {
        return trySweeperLock() ? Optional.of(sweep()) : Optional.empty();
    }
}

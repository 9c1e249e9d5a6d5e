package org.felicette.db;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What PostgreSQL reports of a session's COPY or CREATE INDEX while it runs. */
public interface ProgressDao {

    /** Rows a COPY has written so far, and the bytes it has read. */
    record CopyProgress(long tuples, long bytes) {
    }

    /** A CREATE INDEX's phase and its blocks and tuples done out of the total (0 when not known). */
    record IndexProgress(String phase, long blocksDone, long blocksTotal, long tuplesDone, long tuplesTotal) {

        /** Percent done, by blocks scanned or else tuples sorted; null when PostgreSQL gives no total. */
        public Double percent() {
            if (blocksTotal > 0) {
                return 100.0 * blocksDone / blocksTotal;
            }
            return tuplesTotal > 0 ? 100.0 * tuplesDone / tuplesTotal : null;
        }
    }

    @SqlQuery("SELECT tuples_processed AS tuples, bytes_processed AS bytes FROM pg_stat_progress_copy WHERE pid = :pid")
    @RegisterConstructorMapper(CopyProgress.class)
    Optional<CopyProgress> copy(int pid);

    @SqlQuery("""
            SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total
            FROM pg_stat_progress_create_index WHERE pid = :pid
            """)
    @RegisterConstructorMapper(IndexProgress.class)
    Optional<IndexProgress> index(int pid);
}

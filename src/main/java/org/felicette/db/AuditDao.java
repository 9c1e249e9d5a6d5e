package org.felicette.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The audit log: who changed what, when. */
public interface AuditDao {

    /** One entry; {@code detail} is a JSON object. */
    record Entry(long id, Instant at, String actor, String action, String objectType, String objectName,
            String detail) {
    }

    @SqlUpdate("""
            INSERT INTO felicette.audit_log (actor, action, object_type, object_name, detail)
            VALUES (:actor, :action, :objectType, :objectName, CAST(:detail AS jsonb))
            """)
    void record(String actor, String action, String objectType, String objectName, String detail);

    @SqlQuery("""
            SELECT id, at, actor, action, object_type, object_name, detail::text AS detail
            FROM felicette.audit_log
            WHERE object_type = :objectType AND object_name = :objectName
            ORDER BY at, id
            """)
    @RegisterConstructorMapper(Entry.class)
    List<Entry> history(String objectType, String objectName);
}

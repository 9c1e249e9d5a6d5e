package org.felicette.jobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.Watch;
import org.felicette.catalog.loads.ColumnRenames;
import org.felicette.catalog.loads.TableLoads;
import org.felicette.db.DatabaseSession;
import org.felicette.db.JobDao;
import org.felicette.db.ProgressDao;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.Spool;
import org.felicette.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous loads: the body is kept in a file under the spool directory as it arrives (within
 * the load limit), and a job bound to this instance loads it with the synchronous loader, all or
 * nothing, reporting rows (PostgreSQL's count of the COPY), bytes and percent of the file as it
 * goes. The file is removed when the job ends, whatever the outcome.
 */
public final class AsyncLoads implements JobKind {

    public static final String FAMILY = "load";
    private static final Logger LOG = LoggerFactory.getLogger(AsyncLoads.class);

    private final TableLoads loads;
    private final Jobs jobs;
    private final Db db;
    private final Path spool;

    public AsyncLoads(TableLoads loads, Jobs jobs, Db db) {
        this.loads = loads;
        this.jobs = jobs;
        this.db = db;
        this.spool = jobs.config().spoolDirectory();
    }

    @Override
    public String family() {
        return FAMILY;
    }

    /**
     * Spools the body (already decoded: gzip undone, text in UTF-8) and queues its load, with its
     * renames among the job's parameters; the new job.
     */
    public Job submit(Caller caller, String table, LoadFormat format, ColumnRenames renames, InputStream body)
            throws IOException {
        loads.checkLoadable(caller, table);
        String id = Jobs.newId();
        Files.createDirectories(spool);
        Path file = spool.resolve(id + ".body");
        long size = Spool.write(body, file, new Spool.Limit(loads.maxLoadBytes(), "load_too_large",
                "the load limit of " + loads.maxLoadBytes() + " bytes"), "", "nothing was queued");
        try {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("table", table);
            parameters.put("format", format.label());
            parameters.put("bytes", Long.toString(size));
            parameters.putAll(renames.asParameters());
            return jobs.createHere(caller, FAMILY, id, parameters);
        } catch (RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    @Override
    public Outcome run(Job job, Caller caller, Run run) throws IOException {
        Path file = spool.resolve(job.id() + ".body");
        try {
            if (!Files.exists(file)) {
                throw new FelicetteException(FelicetteException.Kind.NOT_FOUND,
                        "the body of this load is gone from the instance that took it; please resubmit");
            }
            long size = Files.size(file);
            LoadFormat format = LoadFormat.byLabel(job.parameters().get("format"));
            AtomicLong read = new AtomicLong();
            AtomicReference<LongSupplier> sent = new AtomicReference<>();
            run.progressFrom(pid -> {
                ProgressDao.CopyProgress copy = pid == null ? null
                        : db.onDemand(ProgressDao.class).copy(pid).orElse(null);
                LongSupplier s = sent.get();
                // no COPY input sent yet: nothing written; sent, and PostgreSQL's COPY over: all of it written
                long bytes = s == null ? 0 : copy == null ? read.get() : asFarAsWritten(read.get(), s.getAsLong(),
                        copy.bytes());
                return new Job.Progress(copy == null ? null : copy.tuples(), bytes,
                        size == 0 ? 100.0 : Math.round(1000.0 * bytes / size) / 10.0,
                        "loading " + job.parameters().get("table"));
            });
            Watch watch = new Watch() {
                @Override
                public Running running(DatabaseSession session) {
                    return run.running(session);
                }

                @Override
                public boolean cancelled() {
                    return run.cancelled();
                }

                @Override
                public void copying(LongSupplier bytes) {
                    sent.set(bytes);
                }
            };
            try (InputStream in = new Watched(Files.newInputStream(file), read, run)) {
                TableLoads.Loaded loaded = loads.load(caller, job.parameters().get("table"), format,
                        ColumnRenames.fromParameters(job.parameters()), in, watch);
                return new Outcome(List.of(new Job.Result("table", "tables/" + loaded.table(), "text/xml")),
                        new Job.Progress(loaded.rows(), loaded.bytes(), 100.0, "Inserted " + loaded.rows()
                                + " rows to table " + loaded.table() + (loaded.nulled() == 0 ? "" : "; "
                                + loaded.nulled() + " values that were not of their column's type were loaded as NULL")));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * How far into the file the rows PostgreSQL has written reach: the file bytes read, scaled by
     * the share of the COPY input sent that PostgreSQL has read. What was read but waits in buffers
     * (the reader's, the driver's, the socket's) is not yet counted, so bytes and rows agree.
     */
    static long asFarAsWritten(long read, long sent, long processed) {
        if (sent <= 0) {
            return 0;
        }
        return Math.min(read, Math.round((double) read * Math.min(processed, sent) / sent));
    }

    /** Removes spool files whose job is over or gone (a crash, an instance that stopped). */
    /** How long a spooled body without a job is kept: it may be waiting for its job to be written. */
    private static final long RECENT_MILLIS = 15 * 60 * 1000L;

    public void sweep() {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, "*.body")) {
            JobDao dao = db.onDemand(JobDao.class);
            for (Path f : files) {
                String id = f.getFileName().toString().replace(".body", "");
                boolean live = dao.phase(id).map(p -> Phase.valueOf(p).active()).orElse(false);
                // a body still being spooled, or just spooled, has no job row yet: left alone for a while
                boolean recent = Files.getLastModifiedTime(f).toMillis() > System.currentTimeMillis() - RECENT_MILLIS;
                if (!live && !recent) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not clean the spool directory {}: {}", spool, e.toString());
        }
    }

    /** The spooled body, counted as it is read, and stopped when the job is cancelled. */
    private static final class Watched extends FilterInputStream {

        private final AtomicLong read;
        private final Run run;

        Watched(InputStream in, AtomicLong read, Run run) {
            super(in);
            this.read = read;
            this.run = run;
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            if (b >= 0) {
                read.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        private void check() throws InterruptedIOException {
            if (run.cancelled()) {
                throw new InterruptedIOException("the load was cancelled");
            }
        }
    }
}

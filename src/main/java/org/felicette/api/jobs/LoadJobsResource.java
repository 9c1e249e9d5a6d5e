package org.felicette.api.jobs;

import jakarta.ws.rs.Path;
import org.felicette.jobs.AsyncLoads;
import org.felicette.jobs.Jobs;

/** The jobs of asynchronous loads ({@code POST /load/{table}?async=true}): {@code /load-jobs/{id}}. */
@Path("/load-jobs")
public final class LoadJobsResource extends JobListResource {

    public LoadJobsResource(Jobs jobs) {
        super(jobs, AsyncLoads.FAMILY, "load-jobs");
    }
}

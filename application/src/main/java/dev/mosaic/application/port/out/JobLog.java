package dev.mosaic.application.port.out;

import dev.mosaic.application.job.JobEvent;

/** The agent log: what each job attempt did, kept with the user it acted for, when there is one. */
public interface JobLog {
    void record(JobEvent event);
}

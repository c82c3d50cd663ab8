package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;

interface AgentLogMapper {
    @Insert("""
            insert into agent_logs (user_id, job_id, job_type, queue, attempt, outcome, duration_ms, error, at)
            values (#{userId}, #{jobId}, #{type}, #{queue}, #{attempt}, #{outcome}, #{durationMs}, #{error}, #{at})""")
    void insert(@Param("userId") UUID userId, @Param("jobId") UUID jobId, @Param("type") String type,
            @Param("queue") String queue, @Param("attempt") int attempt, @Param("outcome") String outcome,
            @Param("durationMs") long durationMs, @Param("error") String error, @Param("at") Instant at);
}

-- log-service's tables. Flyway runs this with the service's schema as search path.
--
-- A container's stdout, stderr and stdin are each a byte sequence (the agent's log file); (container, stream,
-- offset) names every byte. The bytes are kept in chunks: one row per contiguous range of one stream, up to
-- berth.logs.chunk-size of payload, with the arrival times of the writes in it.

-- One row per stream ever seen: who owns it, and how far it is stored (the ack an agent gets back).
CREATE TABLE streams (
    container   text COLLATE "C" NOT NULL,
    stream      smallint NOT NULL CHECK (stream BETWEEN 0 AND 2),   -- 0 stdin, 1 stdout, 2 stderr
    tenant      text COLLATE "C" NOT NULL,
    app         text COLLATE "C" NOT NULL,
    node        text NOT NULL,
    end_offset  bigint NOT NULL DEFAULT 0,       -- every byte below it is stored, or recorded as a gap
    ends_line   boolean NOT NULL DEFAULT true,   -- whether the byte before end_offset is a newline
    last_ns     bigint NOT NULL DEFAULT 0,       -- arrival time of the newest byte stored
    gap_bytes   bigint NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (container, stream)
);
CREATE INDEX streams_app ON streams (tenant, app);

-- Bytes the agent dropped by its policy: offsets it skipped.
CREATE TABLE gaps (
    container    text COLLATE "C" NOT NULL,
    stream       smallint NOT NULL,
    from_offset  bigint NOT NULL,
    to_offset    bigint NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (container, stream, from_offset)
);

-- The chunks, partitioned by day of their first arrival (epoch nanoseconds, UTC days). The service creates the
-- partitions (chunks_YYYYMMDD) ahead of time and on demand, and retention drops them whole.
-- marks: the arrival index, varint pairs (offset delta, nanosecond delta) from (start_offset, first_ns), one per
-- write after the first: every byte from a mark's offset on arrived at its time.
CREATE TABLE chunks (
    tenant        text COLLATE "C" NOT NULL,
    app           text COLLATE "C" NOT NULL,
    container     text COLLATE "C" NOT NULL,
    stream        smallint NOT NULL,
    start_offset  bigint NOT NULL,
    end_offset    bigint NOT NULL,
    first_ns      bigint NOT NULL,
    last_ns       bigint NOT NULL,
    line_count    integer NOT NULL,          -- newlines in data
    starts_line   boolean NOT NULL,          -- whether data starts a line (else it continues the chunk before)
    marks         bytea NOT NULL,
    data          bytea NOT NULL
) PARTITION BY RANGE (first_ns);
CREATE INDEX chunks_stream ON chunks (container, stream, end_offset);
CREATE INDEX chunks_container_time ON chunks (container, first_ns);
CREATE INDEX chunks_app_time ON chunks (tenant, app, first_ns);

-- Retention per tenant; tenants without a row keep berth.logs.retention.default-days.
CREATE TABLE tenant_retention (
    tenant  text COLLATE "C" PRIMARY KEY,
    days    integer NOT NULL CHECK (days > 0)
);

// SHOW REPLICA STATUS (MySQL 8, 14.2) / SHOW SLAVE STATUS (5.1, 8.1) as an object, with
// Seconds_Behind_Source computed the way the server does (sql/rpl_replica.cc show_slave_status).

import { US_PER_S, type Micros } from "../engine/time.js";
import type { ReplicaChannel } from "./replica-channel.js";

export type ReplicaStatus = Readonly<Record<string, string | number | null>>;

// Why: the server compares the SQL thread's source coordinates with the IO thread's. When equal it
// prints 0 only while the IO thread is connected (NULL when it is stopped or still connecting);
// otherwise it prints now - the source timestamp of the event being applied, in whole seconds, so
// events the IO thread has not fetched never count.
export function secondsBehindSource(channel: ReplicaChannel, nowUs: Micros): number | null {
  if (channel.sql !== "Yes") return null;
  if (channel.execSeq === channel.readSeq) return channel.io === "Yes" ? 0 : null;
  const ts = channel.applyingTsUs;
  if (ts === undefined) return 0;
  return Math.max(0, Math.floor(nowUs / US_PER_S) - Math.floor(ts / US_PER_S));
}

/** The status row, field names per release (Source/Replica on MySQL 8, Master/Slave on 5.1). */
export function showReplicaStatus(channel: ReplicaChannel, nowUs: Micros, release: "14.2" | "8.1", connectRetryS: number): ReplicaStatus {
  const behind = secondsBehindSource(channel, nowUs);
  const ioState = channel.io === "Yes" ? "Waiting for source to send event" : channel.io === "Connecting" ? "Connecting to source" : "";
  if (release === "8.1") {
    return {
      Slave_IO_State: ioState.replace("source", "master"),
      Master_Host: channel.source,
      Master_User: "repl",
      Master_Port: 3306,
      Connect_Retry: connectRetryS,
      Master_Log_File: channel.readPos.file,
      Read_Master_Log_Pos: channel.readPos.pos,
      Relay_Master_Log_File: channel.execPos.file,
      Slave_IO_Running: channel.io,
      Slave_SQL_Running: channel.sql,
      Exec_Master_Log_Pos: channel.execPos.pos,
      Seconds_Behind_Master: behind,
      Last_IO_Error: channel.lastIoError,
      Last_SQL_Error: channel.lastSqlError,
    };
  }
  return {
    Replica_IO_State: ioState,
    Source_Host: channel.source,
    Source_User: "repl",
    Source_Port: 3306,
    Connect_Retry: connectRetryS,
    Source_Log_File: channel.readPos.file,
    Read_Source_Log_Pos: channel.readPos.pos,
    Relay_Source_Log_File: channel.execPos.file,
    Replica_IO_Running: channel.io,
    Replica_SQL_Running: channel.sql,
    Exec_Source_Log_Pos: channel.execPos.pos,
    Seconds_Behind_Source: behind,
    Last_IO_Error: channel.lastIoError,
    Last_SQL_Error: channel.lastSqlError,
    Executed_Gtid_Set: channel.replica.gtidExecuted.toString(),
    Auto_Position: channel.autoPosition ? 1 : 0,
  };
}

/** The promote script's drain test: SQL thread at the IO thread's coordinates. */
export function relayDrained(status: ReplicaStatus, release: "14.2" | "8.1"): boolean {
  return release === "8.1"
    ? status["Relay_Master_Log_File"] === status["Master_Log_File"] && status["Exec_Master_Log_Pos"] === status["Read_Master_Log_Pos"]
    : status["Relay_Source_Log_File"] === status["Source_Log_File"] && status["Exec_Source_Log_Pos"] === status["Read_Source_Log_Pos"];
}

// What a listing shows: the modifiers of -L / -S that the parser (src/cli)
// reads and the formatters (src/format) follow.

/** List/save modifiers (ipvsadm's FMT_* bits and list options). */
export interface ListFormat {
  readonly numeric: boolean; // -n
  readonly exact: boolean; // --exact / -X
  readonly stats: boolean; // --stats
  readonly rate: boolean; // --rate
  readonly thresholds: boolean; // --thresholds
  readonly persistentConn: boolean; // --persistent-conn
  readonly tunInfo: boolean; // --tun-info
  readonly nosort: boolean; // --nosort
  readonly connection: boolean; // -c
  readonly timeout: boolean; // --timeout
  readonly daemon: boolean; // --daemon
}

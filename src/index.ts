// The library: the typed IPVS client the ipvsadm CLI itself uses, its types
// and errors, and the formatters worth reusing. See docs/library.md.
// Importing this module loads nothing native: koffi is loaded when the first
// socket is opened (openIpvs()).

export { IpvsClient, IpvsFamilyNotFoundError, type IpvsClientOptions } from './ipvs/client.js';
export type { IpvsApi, BatchOp } from './ipvs/client-api.js';
export type { Op } from './ipvs/operations.js';
export { IpvsError, type IpvsOp, type IpvsErrorCode } from './ipvs/errors.js';
export type { ErrnoCode } from './netlink/errno.js';
export { ipvsStrerror, IPVS_STRERROR_TABLE } from './ipvs/strerror.js';
export {
  AF_INET,
  AF_INET6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPPROTO_SCTP,
  DAEMON_MASTER,
  DAEMON_BACKUP,
  SVC_F,
  FWD,
  FWD_MASK,
  TUN_TYPE,
  TUN_FLAG,
  type ServiceKey,
  type Service,
  type ServiceEntry,
  type DestKey,
  type Dest,
  type DestEntry,
  type Stats,
  type Timeouts,
  type Daemon,
  type Info,
} from './ipvs/types.js';
export { sortServices, sortDests, cmpServices, cmpDests } from './ipvs/sort.js';
export type { Transport } from './netlink/transport.js';
export type { NetlinkSocketOptions } from '../native-bindings/netlink-socket.js';

export {
  openIpvs,
  parseAddress,
  formatAddress,
  makeService,
  makeDest,
  getConnections,
  type ServiceSpec,
  type DestSpec,
} from './library.js';
export { readConnections, CONN_PROC_FILE, type Connection, type ConnEndpoint } from './common/conn-text.js';

// ipvsadm's own text formats (numeric output needs no name lookups: pass noNames).
export { noNames, type Names } from './common/names.js';
export { inetNtop, inetPton4, inetPton6 } from './common/inet.js';
export { formatSaveService, formatSaveDest } from './format/save.js';
export { formatServiceLine, formatDestLine, formatTitle, formatVersionLine } from './format/list.js';
export { formatTimeouts } from './format/timeout.js';
export { formatDaemons } from './format/daemon.js';
export { printLargenum } from './format/largenum.js';
export type { ListFormat } from './cli/command.js';
export { defaultListFormat } from './cli/parse.js';

// The JSON schema of `ipvsadm --json` (docs/json.md).
export {
  JSON_SCHEMA,
  renderJson,
  servicesDoc,
  timeoutsDoc,
  daemonsDoc,
  connectionsDoc,
  jsonService,
  jsonDest,
  type JsonDoc,
  type JsonServicesDoc,
  type JsonService,
  type JsonDest,
  type JsonTunnel,
  type JsonCounters,
  type JsonRates,
  type JsonConnectionsDoc,
  type JsonConnection,
  type JsonTimeoutsDoc,
  type JsonDaemonsDoc,
  type JsonDaemon,
} from './format/json.js';

// Rules files: check, and the no-flush plan of `ipvsadm-restore --apply`.
export { checkRules, type CheckOptions, type CheckResult } from './ops/check.js';
export { readTable, type TableQuery, type KernelTable, type TableEntry } from './ops/table.js';
export {
  desiredFromRules,
  computePlan,
  planLine,
  applyPlan,
  type PlanOp,
  type ApplyResult,
  type DesiredTable,
} from './ops/plan.js';

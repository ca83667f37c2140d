#!/bin/bash -p
':' /*
# Launcher (node reads all of this as a comment; `node bin/NAME.js` skips
# it). It finds node without PATH, keeps the caller's NODE_OPTIONS and other
# NODE_* settings from it, and, where node could not start under this
# process's limits (it would abort with a native stack, or wait for ever),
# says so in one line and exits 71 (EX_OSERR). No process is forked here.
# bash, not sh: dash cannot even open a script under `ulimit -n 10`; -p:
# no BASH_ENV file and no functions from the environment.
# The four launchers are this same text but for their last line (a unit
# test checks it): each runs alone, before any file can be looked up.
prog=${0##*[/]}
prog=${prog%.js}
set -f
# node: next to this command (npm's global bin directory is node's own by
# default), then PATH, then where packages and installers put it.
node=
IFS=:
for d in "${0%/*}" $PATH /usr/local/bin /usr/bin /bin /opt/nodejs/bin; do
  if [ -n "$d" ] && [ -f "$d/node" ] && [ -x "$d/node" ]; then node=$d/node; break; fi
done
unset IFS
cannot() {
  echo "$prog: cannot start node: $1" >&2
  exit "${2:-71}"
}
[ -n "$node" ] || cannot "not found next to $0, in PATH, /usr/local/bin, /usr/bin, /bin or /opt/nodejs/bin" 127
unset NODE_OPTIONS NODE_DEBUG NODE_DEBUG_NATIVE NODE_V8_COVERAGE NODE_CHANNEL_FD NODE_UNIQUE_ID \
  NODE_EXTRA_CA_CERTS NODE_ICU_DATA NODE_PRESERVE_SYMLINKS NODE_REDIRECT_WARNINGS NODE_PENDING_DEPRECATION \
  NODE_COMPILE_CACHE NODE_REPL_EXTERNAL_MODULE UV_THREADPOOL_SIZE
# What node needs before it runs a line: about 24 descriptors, 750 MB of
# address space, 6 more threads (3 with --v8-pool-size=1).
need_files=32
need_bytes=1073741824
files_limit() { soft_n=$4 hard_n=$5; }
as_limit() { soft_v=$4 hard_v=$5; }
nproc_limit() { soft_u=$3; }
while read -r line; do
  case $line in
    'Max open files '*) files_limit $line ;;
    'Max address space '*) as_limit $line ;;
    'Max processes '*) nproc_limit $line ;;
  esac
done </proc/self/limits
if [ "${soft_n:-unlimited}" != unlimited ] && [ "$soft_n" -lt "$need_files" ]; then
  { [ "$hard_n" = unlimited ] || [ "$hard_n" -ge "$need_files" ]; } && ulimit -S -n "$need_files" 2>/dev/null ||
    cannot "the open files limit (ulimit -n) is $soft_n; it needs $need_files"
fi
if [ "${soft_v:-unlimited}" != unlimited ] && [ "$soft_v" -lt "$need_bytes" ]; then
  if [ "$hard_v" = unlimited ]; then ulimit -S -v unlimited; elif [ "$hard_v" -ge "$need_bytes" ]; then ulimit -S -v $((hard_v / 1024)); else
    cannot "the address space limit (ulimit -v) is $((soft_v / 1024)) KiB; it needs $((need_bytes / 1024)) KiB"
  fi
fi
# Tasks left: the pids.max of each cgroup above this process (v1 or v2),
# and for a user other than root a low ulimit -u, less the user's tasks.
left=
if [ -r /proc/self/cgroup ]; then
  while IFS=: read -r _ ctl path; do
    case $ctl in
      pids) base=/sys/fs/cgroup/pids ;;
      '') base=/sys/fs/cgroup ;;
      *) continue ;;
    esac
    while [ -n "$path" ] && [ "$path" != / ]; do
      if { read -r max <"$base$path/pids.max" && read -r cur <"$base$path/pids.current"; } 2>/dev/null &&
        [ "$max" != max ] && { [ -z "$left" ] || [ $((max - cur)) -lt "$left" ]; }; then left=$((max - cur)); fi
      path=${path%/*}
    done
  done </proc/self/cgroup
fi
if [ "$UID" != 0 ] && [ "${soft_u:-unlimited}" != unlimited ] && [ "$soft_u" -lt 1024 ]; then
  set +f
  tasks=0
  for d in /proc/[0-9]*; do
    if [ -O "$d" ]; then t=("$d"/task/*); tasks=$((tasks + ${#t[@]})); fi
  done
  set -f
  if [ -z "$left" ] || [ $((soft_u - tasks)) -lt "$left" ]; then left=$((soft_u - tasks)); fi
fi
if [ -n "$left" ] && [ "$left" -lt 6 ]; then
  [ "$left" -ge 3 ] ||
    cannot "too few processes or threads are left (ulimit -u, or the cgroup's pids.max): $left more; it needs 3"
  exec "$node" --v8-pool-size=1 -- "$0" "$@"
fi
exec "$node" -- "$0" "$@"
*/
'use strict';
Promise.resolve(require('../dist/bundle/ipvsadm-restore.cjs').restoreMain()).then((s) => void (process.exitCode = s));

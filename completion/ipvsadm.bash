# bash completion for ipvsadm, ipvsadm-save, ipvsadm-restore and
# ipvsadm-ts-systemd (ipvsadm-ts)
#
# Completes commands, options, schedulers, tunnel types, scheduler flags,
# and the virtual services and real servers currently defined (read from
# `ipvsadm -Sn`, so it needs the rights to read the IPVS table); the options
# ipvsadm-ts adds: `--json` on list commands, `--test` after -R,
# ipvsadm-restore's --test / --apply / --dry-run and FILE names, and
# ipvsadm-ts-systemd's actions and options.
#
# Install: ipvsadm-ts-systemd install (writes it to
# /usr/local/share/bash-completion/completions/ as ipvsadm, ipvsadm-save,
# ipvsadm-restore and ipvsadm-ts-systemd), or source this file. The zsh
# completion is _ipvsadm.

_ipvsadm_ts_saved() {
    command ipvsadm -Sn 2>/dev/null
}

# Virtual services of one kind (-t, -u, --sctp-service, -f) from ipvsadm -Sn.
_ipvsadm_ts_services() {
    local flag=$1
    _ipvsadm_ts_saved | while read -r cmd kind addr _; do
        [ "$cmd" = "-A" ] && [ "$kind" = "$flag" ] && printf '%s\n' "$addr"
    done
}

# Real servers of the service named on the command line (or of all services).
_ipvsadm_ts_servers() {
    local flag=$1 svc=$2
    _ipvsadm_ts_saved | while read -r cmd kind addr r rs _; do
        [ "$cmd" = "-a" ] && [ "$r" = "-r" ] || continue
        if [ -z "$svc" ] || { [ "$kind" = "$flag" ] && [ "$addr" = "$svc" ]; }; then
            printf '%s\n' "$rs"
        fi
    done
}

_ipvsadm_ts() {
    local cur prev words cword
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n : cur prev words cword
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="-A --add-service -E --edit-service -D --delete-service -C --clear
        -R --restore -S --save -a --add-server -e --edit-server -d --delete-server
        -L -l --list -Z --zero --set --start-daemon --stop-daemon -h --help"
    local options="-t --tcp-service -u --udp-service --sctp-service -f --fwmark-service
        -6 --ipv6 -s --scheduler --pe -p --persistent -M --netmask -r --real-server
        -g --gatewaying -i --ipip -m --masquerading --tun-type --tun-port --tun-nocsum
        --tun-csum --tun-remcsum -w --weight -x --u-threshold -y --l-threshold
        -c --connection --timeout --daemon --stats --rate --exact --thresholds
        --persistent-conn --tun-info --nosort --sort -o --ops -n --numeric
        -b --sched-flags --syncid --sync-maxlen --mcast-interface --mcast-group
        --mcast-port --mcast-ttl"
    local schedulers="rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh"
    local sched_flags="flag-1 flag-2 flag-3 sh-fallback sh-port mh-fallback mh-port"

    # The service named so far on this line (for -r completion), and the
    # command (list when none: `ipvsadm --json` lists).
    local i svc_flag="" svc="" command=list
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -R|--restore) command=restore ;;
            -L|-l|--list|-L?*|-l?*) command=list ;;
            -A|--add-service|-E|--edit-service|-D|--delete-service|-C|--clear|\
            -S|--save|-a|--add-server|-e|--edit-server|-d|--delete-server|\
            -Z|--zero|--set|--start-daemon|--stop-daemon|-h|--help)
                command=other ;;
        esac
        case ${words[i]} in
            -t|--tcp-service) svc_flag=-t; svc=${words[i+1]} ;;
            -u|--udp-service) svc_flag=-u; svc=${words[i+1]} ;;
            --sctp-service) svc_flag=--sctp-service; svc=${words[i+1]} ;;
            -f|--fwmark-service) svc_flag=-f; svc=${words[i+1]} ;;
        esac
    done

    local list=""
    case $prev in
        -s|--scheduler) list=$schedulers ;;
        -b|--sched-flags) list=$sched_flags ;;
        --tun-type) list="ipip gue gre" ;;
        --pe) list="sip" ;;
        --start-daemon|--stop-daemon) list="master backup" ;;
        --mcast-interface)
            list=$(ls /sys/class/net 2>/dev/null) ;;
        -t|--tcp-service) list=$(_ipvsadm_ts_services -t) ;;
        -u|--udp-service) list=$(_ipvsadm_ts_services -u) ;;
        --sctp-service) list=$(_ipvsadm_ts_services --sctp-service) ;;
        -f|--fwmark-service) list=$(_ipvsadm_ts_services -f) ;;
        -r|--real-server) list=$(_ipvsadm_ts_servers "$svc_flag" "$svc") ;;
        -w|--weight|-x|--u-threshold|-y|--l-threshold|-p|--persistent|-M|--netmask|\
        --tun-port|--syncid|--sync-maxlen|--mcast-group|--mcast-port|--mcast-ttl|--set)
            return 0 ;;
        *)
            if ((cword == 1)); then
                list="$commands --json"
            elif [ "$command" = restore ]; then
                list="--test"
            elif [ "$command" = list ]; then
                list="$options --json"
            else
                list="$options"
            fi ;;
    esac
    COMPREPLY=($(compgen -W "$list" -- "$cur"))
    if declare -F __ltrim_colon_completions >/dev/null 2>&1; then
        __ltrim_colon_completions "$cur"
    fi
    return 0
}

_ipvsadm_ts_save() {
    COMPREPLY=($(compgen -W "-n" -- "${COMP_WORDS[COMP_CWORD]}"))
}

# File (or, with -d, directory) names for cur, as names.
_ipvsadm_ts_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    COMPREPLY+=($(compgen "${1:--f}" -- "$cur"))
}

# ipvsadm-restore [--test | --apply [--dry-run] [--drain[=SECONDS]] [-v]] [FILE]
_ipvsadm_ts_restore() {
    local cur=${COMP_WORDS[COMP_CWORD]} i test="" apply=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --test) test=1 ;;
            --apply|--dry-run|--drain|--drain=*|-v|--verbose) apply=1 ;;
        esac
    done
    local opts="--test --apply --dry-run --drain --verbose"
    [ -n "$test" ] && opts=""
    [ -n "$apply" ] && opts="--apply --dry-run --drain --verbose"
    COMPREPLY=()
    # Without one of the options the script ignores its arguments: no FILE.
    if [[ $cur == -* || ( -z $cur && -z $test$apply ) ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [ -n "$test$apply" ]; then
        _ipvsadm_ts_files
    fi
    return 0
}

# ipvsadm-ts-systemd ACTION [options] (src/entry/ipvsadm-ts-systemd.ts)
_ipvsadm_ts_systemd() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i action=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i-1]} in
            --root|--prefix|--style|--config|--rules|--unit-dir|--completion-dir|--zsh-completion-dir) continue ;;
        esac
        [[ ${COMP_WORDS[i]} == -* ]] || { action=${COMP_WORDS[i]}; break; }
    done
    COMPREPLY=()
    case $prev in
        --config|--rules) _ipvsadm_ts_files; return 0 ;;
        --root|--prefix|--unit-dir|--completion-dir|--zsh-completion-dir) _ipvsadm_ts_files -d; return 0 ;;
        --style) COMPREPLY=($(compgen -W "debian rhel" -- "$cur")); return 0 ;;
    esac
    local opts
    case $action in
        "") opts="start stop restart reload save status install uninstall help --help" ;;
        install) opts="--root --style --force --no-reload --config --rules --unit-dir --completion-dir --zsh-completion-dir" ;;
        uninstall) opts="--root --style --purge --no-reload --config --rules --unit-dir --completion-dir --zsh-completion-dir" ;;
        start|stop|restart|reload|save|status) opts="--config" ;;
        *) opts="" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
}

complete -F _ipvsadm_ts ipvsadm
complete -F _ipvsadm_ts_save ipvsadm-save
complete -F _ipvsadm_ts_restore ipvsadm-restore
complete -F _ipvsadm_ts_systemd ipvsadm-ts-systemd

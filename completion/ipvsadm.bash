# bash completion for ipvsadm, ipvsadm-save and ipvsadm-restore (ipvsadm-ts)
#
# Completes commands, options, schedulers, tunnel types, scheduler flags,
# and the virtual services and real servers currently defined (read from
# `ipvsadm -Sn`, so it needs the rights to read the IPVS table).
#
# Install: ipvsadm-ts-systemd install (writes it to
# /usr/local/share/bash-completion/completions/), or source this file.

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

    # The service named so far on this line (for -r completion).
    local i svc_flag="" svc=""
    for ((i = 1; i < cword; i++)); do
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
                list=$commands
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

complete -F _ipvsadm_ts ipvsadm
complete -F _ipvsadm_ts_save ipvsadm-save
complete -W '' ipvsadm-restore

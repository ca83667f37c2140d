// The NAT lab the kernel tests build inside user-mode Linux, as shell lines
// for a payload: client namespace c (10.0.1.2, default route via the
// director) -> director (10.0.1.1, the VIP) -> real server namespace s1
// (10.0.2.2), IP forwarding on and net.ipv4.vs.expire_nodest_conn=1.
// Servers and IPVS rules are the payload's own.

export const NAT_LAB = `ip netns add c; ip netns add s1
ip link add vc type veth peer name vc0; ip link set vc0 netns c
ip link add vs type veth peer name vs0; ip link set vs0 netns s1
ip addr add 10.0.1.1/24 dev vc; ip link set vc up
ip addr add 10.0.2.1/24 dev vs; ip link set vs up
ip -n c link set lo up; ip -n c addr add 10.0.1.2/24 dev vc0; ip -n c link set vc0 up; ip -n c route add default via 10.0.1.1
ip -n s1 link set lo up; ip -n s1 addr add 10.0.2.2/24 dev vs0; ip -n s1 link set vs0 up; ip -n s1 route add default via 10.0.2.1
sysctl -qw net.ipv4.ip_forward=1
sysctl -qw net.ipv4.vs.expire_nodest_conn=1`;

/** A second real server namespace s2 (10.0.3.2, the director's side 10.0.3.1), after NAT_LAB. */
export const SECOND_SERVER = `ip netns add s2
ip link add vt type veth peer name vt0; ip link set vt0 netns s2
ip addr add 10.0.3.1/24 dev vt; ip link set vt up
ip -n s2 link set lo up; ip -n s2 addr add 10.0.3.2/24 dev vt0; ip -n s2 link set vt0 up; ip -n s2 route add default via 10.0.3.1`;

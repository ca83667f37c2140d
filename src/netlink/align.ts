// Alignment helpers, each mirroring a C macro of linux/netlink.h or
// linux/genetlink.h.

/** NLMSG_ALIGNTO */
export const NLMSG_ALIGNTO = 4;
/** NLA_ALIGNTO */
export const NLA_ALIGNTO = 4;

/** NLMSG_ALIGN(len): ((len)+NLMSG_ALIGNTO-1) & ~(NLMSG_ALIGNTO-1) */
export function nlmsgAlign(len: number): number {
  return (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}

/** NLA_ALIGN(len): (((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1)) */
export function nlaAlign(len: number): number {
  return (len + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);
}

/** NLMSG_HDRLEN: NLMSG_ALIGN(sizeof(struct nlmsghdr)) */
export const NLMSG_HDRLEN = 16;
/** NLA_HDRLEN: NLA_ALIGN(sizeof(struct nlattr)) */
export const NLA_HDRLEN = 4;
/** GENL_HDRLEN: NLMSG_ALIGN(sizeof(struct genlmsghdr)) */
export const GENL_HDRLEN = 4;

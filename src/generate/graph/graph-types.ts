// The neutral graph every renderer (ascii, dot, mermaid, svg) draws: tiers, hosts, VIPs, networks, edges.

import type { NetworkKind, Role, ServiceKind } from "../../model/types.js";

/** Tiers left to right: the clients (internet) first, then one per host role. */
export type TierId = "clients" | Role;

export const TIER_ORDER: readonly TierId[] = ["clients", "proxy", "app", "db", "storage"];

export const TIER_LABELS: Readonly<Record<TierId, string>> = {
  clients: "Clients",
  proxy: "Proxy tier",
  app: "App tier",
  db: "Database tier",
  storage: "Storage tier",
};

export interface GraphTier {
  readonly id: TierId;
  readonly label: string;
  /** Node ids of the tier's VIPs, then its hosts, in lab order. */
  readonly vips: readonly string[];
  readonly hosts: readonly string[];
}

export interface GraphInterface {
  readonly name: string;
  readonly kind: "lagg" | "nic";
  readonly network: string;
  readonly address: string;
  readonly prefixLength: number;
  /** "lagg0 lacp em0+em1" for a LAGG, the NIC name for a plain NIC. */
  readonly bundle: string;
}

export interface GraphService {
  readonly kind: ServiceKind;
  /** Compressed port list ("8080-8088", "80,443"); empty for port-less services (pf, ifstated). */
  readonly ports: string;
  /** The CARP group whose VIP the service binds to. */
  readonly carp?: string;
  /** "nginx :80,443", "solr :6080 @solr VIP", "pf". */
  readonly label: string;
}

export interface GraphCarpRole {
  readonly group: string;
  readonly advskew: number;
  /** True when this host has the lowest advskew of the group (the preferred master). */
  readonly preferred: boolean;
}

export interface HostNode {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly tier: TierId;
  readonly interfaces: readonly GraphInterface[];
  readonly services: readonly GraphService[];
  readonly carp: readonly GraphCarpRole[];
}

export interface VipMember {
  readonly host: string;
  readonly interface: string;
  readonly advskew: number;
  readonly preferred: boolean;
}

export interface VipNode {
  readonly id: string;
  readonly group: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly vhid: number;
  readonly network: string;
  readonly tier: TierId;
  readonly members: readonly VipMember[];
  /** The member with the strictly lowest advskew; undefined on a tie. */
  readonly preferredMaster?: string;
}

export interface NetworkNode {
  readonly id: string;
  readonly name: string;
  readonly kind: NetworkKind;
  readonly cidr: string;
}

export interface ClientsNode {
  readonly id: string;
  readonly label: string;
}

/**
 * link: host -- network (label: LAGG bundle or NIC); carp: VIP -> member (label: master/backup, advskew);
 * request: a hop of a request chain; replication: MySQL or ZFS replication; storage: NFS export or iSCSI LUN.
 */
export type EdgeKind = "link" | "carp" | "request" | "replication" | "storage";

export interface GraphEdge {
  readonly id: string;
  readonly kind: EdgeKind;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** A compact label for crowded drawings ("skew 100", "NFS tank/solr"); defaults to `label`. */
  readonly short?: string;
}

export interface ChainStep {
  readonly from: ServiceKind;
  readonly to: ServiceKind;
  readonly callers: readonly string[];
  /** Where the callers send: "at 127.0.0.1:3180 (local)", "on app01, app02 :8080-8088", "via mysql VIP 10.0.20.30:3306". */
  readonly target: string;
}

export interface GraphChain {
  readonly name: string;
  readonly vip: string;
  readonly address: string;
  readonly ports: string;
  readonly steps: readonly ChainStep[];
}

export interface LabGraph {
  readonly name: string;
  readonly release: string;
  readonly title: string;
  readonly description: string;
  readonly tiers: readonly GraphTier[];
  readonly clients?: ClientsNode;
  readonly hosts: readonly HostNode[];
  readonly vips: readonly VipNode[];
  readonly networks: readonly NetworkNode[];
  readonly edges: readonly GraphEdge[];
  readonly chains: readonly GraphChain[];
}

export const CLIENTS_ID = "clients";

export function hostId(name: string): string {
  return `host:${name}`;
}

export function vipId(group: string): string {
  return `vip:${group}`;
}

export function networkId(name: string): string {
  return `net:${name}`;
}

// generateServices() as a whole: which hosts get which files, byte-stable output, unique paths.
import { describe, expect, it } from "vitest";
import { sortArtifacts } from "../../../src/generate/artifact.js";
import { file, referenceServices, RELEASES, resolveEdited, services } from "./support.js";

describe.each(RELEASES)("generateServices, FreeBSD %s", (release) => {
  const artifacts = referenceServices(release);

  it("is byte-stable: the same lab gives the same files", () => {
    expect(referenceServices(release)).toEqual(artifacts);
  });

  it("writes each path once (sortArtifacts throws on a duplicate)", () => {
    expect(() => sortArtifacts(artifacts)).not.toThrow();
  });

  it("puts each service's files on the hosts that run it, and nothing on the storage hosts", () => {
    const byHost = (host: string) => artifacts.filter((a) => a.path.startsWith(`hosts/${host}/`)).map((a) => a.path.slice(`hosts/${host}`.length)).sort();
    expect(byHost("proxy01")).toEqual(["/usr/local/etc/haproxy.conf", "/usr/local/etc/nginx/nginx.conf", "/usr/local/etc/varnish/default.vcl"]);
    expect(byHost("db01")).toContain("/usr/local/libexec/lab/mysql-promote.sh");
    expect(byHost("db02")).toContain("/usr/local/libexec/lab/mysql-fence.sh");
    expect(byHost("app01").filter((p) => p.startsWith("/usr/local/etc/zope/"))).toHaveLength(release === "8.1" ? 9 : 18);
    expect(byHost("stor01")).toEqual([]);
    for (const a of artifacts) expect(a.content.endsWith("\n")).toBe(true);
  });
});

it("a MySQL in no replication pair gets its my.cnf only (no SQL, credentials or failover scripts)", () => {
  const artifacts = services(resolveEdited("14.2", (spec) => {
    delete spec.mysql;
  }));
  const db = artifacts.filter((a) => a.path.startsWith("hosts/db01/")).map((a) => a.path);
  expect(db).toEqual(["hosts/db01/usr/local/etc/mysql/my.cnf"]);
  expect(file(artifacts, "db01", "/usr/local/etc/mysql/my.cnf").content).toMatch(/^server_id = 1$/m);
});

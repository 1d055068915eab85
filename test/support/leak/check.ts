import { sql } from 'kysely';
import type { TestApp } from '../app.js';
import { readPdf } from '../pdf-text.js';
import { hasActiveGrant, mayRead, mayReceive } from './oracle.js';
import { patternOf, routesFor, SQL_TABLES, type RouteCall } from './routes.js';
import { markersIn, type RecordKind, type World, type WRecord, type WUser } from './world.js';

/**
 * Runs the checks of one seeded world: every user calls every route of the catalogue, and reads
 * every table of case data directly under their own row-level security; each answer is compared
 * with the oracle.
 */

export type Finding = {
  kind: 'leak' | 'wrongful denial' | 'server error' | 'unexpected row';
  who: string;
  where: string;
  what: string;
  why: string;
};

export class Tally {
  /** (user, record, route) comparisons over HTTP */
  httpChecks = 0;
  /** (user, row, table) comparisons in direct SQL */
  sqlChecks = 0;
  /** markers found in responses outside the records their route is about, each checked too */
  strayMarkers = 0;
  requests = 0;
  worlds = 0;
  /** the route patterns called (COVERED_ROUTES, all of them, or the catalogue has dead entries) */
  routesCalled = new Set<string>();
  /** how many responses of each status code, to show at a glance that denials were 404s */
  statuses = new Map<number, number>();
  worldSizes: string[] = [];
  findings: Finding[] = [];

  add(other: Tally): void {
    this.httpChecks += other.httpChecks;
    this.sqlChecks += other.sqlChecks;
    this.strayMarkers += other.strayMarkers;
    this.requests += other.requests;
    this.worlds += other.worlds;
    for (const r of other.routesCalled) this.routesCalled.add(r);
    this.worldSizes.push(...other.worldSizes);
    for (const [code, n] of other.statuses) this.statuses.set(code, (this.statuses.get(code) ?? 0) + n);
    this.findings.push(...other.findings);
  }

  describeWorld(world: World): void {
    const active = world.grants.filter((g) => g.expiresAt > new Date()).length;
    this.worldSizes.push(
      `${world.users.length} users, ${world.cases.length} cases, ${world.records.length} records, ` +
        `${active} active and ${world.grants.length - active} expired grants`,
    );
  }

  count(kind: Finding['kind']): number {
    return this.findings.filter((f) => f.kind === kind).length;
  }
}

const whoIs = (world: World, u: WUser) =>
  `${u.role} #${u.index + 1} (at ${u.siteIds.map((id) => world.sites.find((s) => s.id === id)!.code).join(', ')})`;

function describeRecord(world: World, r: WRecord): string {
  const refs = r.caseIds.map((id) => world.caseById.get(id)?.reference ?? id).join(', ');
  return `${r.kind} ${r.marker ?? r.id}${refs ? ` of case ${refs}` : ''}`;
}

/** How the user stands towards the record's case(s): the facts the oracle decided on. */
function standing(world: World, u: WUser, r: WRecord, now: Date): string {
  return r.caseIds
    .map((id) => {
      const c = world.caseById.get(id);
      if (!c) return `case ${id}: unknown`;
      const site = world.sites.find((s) => s.id === c.siteId)!.code;
      const grants = world.grants.filter((g) => g.caseId === c.id && g.userId === u.id);
      const facts = [
        `case at ${site}`,
        u.siteIds.includes(c.siteId) ? 'user at the site' : 'user NOT at the site',
        c.team.includes(u.id) ? 'on the team' : 'not on the team',
        grants.length
          ? hasActiveGrant(world, u, c, now)
            ? 'active break-glass grant'
            : 'expired break-glass grant'
          : 'no grant',
      ];
      return `${c.reference}: ${facts.join(', ')}`;
    })
    .join('; ');
}

/**
 * What a response shows, as text: a PDF (the meeting pack) read with pdfjs, its lines joined where
 * the line breaker split a word after a hyphen (markers are `LEAK-<hex>`); anything else as sent.
 */
async function readableText(response: {
  headers: Record<string, unknown>;
  body: string;
  rawPayload: Buffer;
}) {
  if (!String(response.headers['content-type'] ?? '').startsWith('application/pdf')) return response.body;
  const pdf = await readPdf(response.rawPayload);
  return pdf.pages.join('\n').replace(/-\s+/g, '-');
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export async function runHttpChecks(t: TestApp, world: World, tally: Tally, concurrency = 4): Promise<void> {
  const now = new Date();
  const credentials = new Map<string, { cookie: string; authorization: string }>();
  for (const u of world.users) {
    const session = await t.signIn(u.id);
    const token = await t.apiToken(u.id);
    credentials.set(u.id, { cookie: session.cookie, authorization: token.authorization });
  }
  const plan: { user: WUser; call: RouteCall }[] = world.users.flatMap((user) =>
    routesFor(world, user, now).map((call) => ({ user, call })),
  );

  const check = async ({ user, call }: { user: WUser; call: RouteCall }) => {
    const creds = credentials.get(user.id)!;
    const response = await t.inject({
      method: 'GET',
      url: call.url,
      headers: call.auth === 'session' ? { cookie: creds.cookie } : { authorization: creds.authorization },
    });
    tally.requests += 1;
    tally.routesCalled.add(patternOf(call.route));
    tally.statuses.set(response.statusCode, (tally.statuses.get(response.statusCode) ?? 0) + 1);
    const where = `${call.route} (${call.url}) → ${response.statusCode}`;
    if (response.statusCode >= 500) {
      tally.findings.push({
        kind: 'server error',
        who: whoIs(world, user),
        where,
        what: response.body.slice(0, 300),
        why: '',
      });
    }
    const found = markersIn(await readableText(response));
    const relevant = new Set(call.relevant);
    for (const record of call.relevant) {
      tally.httpChecks += 1;
      const present = found.has(record.marker!);
      const allowed = mayReceive(world, user, record, call.context, now);
      const required = call.mustShow(record);
      if (required && !allowed) {
        throw new Error(
          `Route catalogue bug: ${call.route} must show ${describeRecord(world, record)} to a user who may not read it`,
        );
      }
      if (present && !allowed) {
        tally.findings.push({
          kind: 'leak',
          who: whoIs(world, user),
          where,
          what: describeRecord(world, record),
          why: standing(world, user, record, now),
        });
      } else if (required && !present) {
        tally.findings.push({
          kind: 'wrongful denial',
          who: whoIs(world, user),
          where,
          what: describeRecord(world, record),
          why: standing(world, user, record, now),
        });
      }
    }
    // any other record's marker in this response: a leak unless the user may receive it
    for (const marker of found) {
      const record = world.recordByMarker.get(marker);
      if (!record || relevant.has(record)) continue;
      tally.strayMarkers += 1;
      if (!mayReceive(world, user, record, call.context, now)) {
        tally.findings.push({
          kind: 'leak',
          who: whoIs(world, user),
          where,
          what: describeRecord(world, record),
          why: standing(world, user, record, now),
        });
      }
    }
  };

  for (const phase of [0, 1] as const) {
    await pool(
      plan.filter((p) => p.call.phase === phase),
      concurrency,
      check,
    );
  }
}

/**
 * Every table of case data, and the id each row is known by (test/integration/leak-coverage.test.ts
 * checks that every table under row-level security is here or excluded with a reason).
 */
export { SQL_TABLES } from './routes.js';

/** Direct SQL as each user (the request role, their id set): exactly the rows the oracle allows. */
export async function runSqlChecks(t: TestApp, world: World, tally: Tally): Promise<void> {
  const now = new Date();
  // the audit log now also holds every request the HTTP checks made
  const seeded = new Set(world.records.filter((r) => r.kind === 'audit_event').map((r) => r.id));
  const events = await t.db.owner.selectFrom('audit.event').select(['id', 'case_id', 'action']).execute();
  const records: WRecord[] = [
    ...world.records,
    ...events
      .filter((e) => !seeded.has(String(e.id)))
      .map((e): WRecord => ({
        kind: 'audit_event',
        id: String(e.id),
        caseIds: e.case_id ? [e.case_id] : [],
        marker: null,
        refusal: e.action === 'access.refused',
      })),
  ];
  const byKind = new Map<RecordKind, WRecord[]>();
  for (const r of records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);

  for (const user of world.users) {
    const seen = await t.asUser(user.id, async (tx) => {
      const out = new Map<string, Set<string>>();
      for (const { table, key } of SQL_TABLES) {
        const { rows } = await sql<{
          id: string;
        }>`select ${sql.raw(key)} as id from ${sql.table(table)}`.execute(tx);
        out.set(table, new Set(rows.map((r) => r.id)));
      }
      return out;
    });
    for (const { table, kind } of SQL_TABLES) {
      const rows = seen.get(table)!;
      const expected = byKind.get(kind) ?? [];
      const known = new Set(expected.map((r) => r.id));
      for (const record of expected) {
        tally.sqlChecks += 1;
        const present = rows.has(record.id);
        const allowed = mayRead(world, user, record, now);
        if (present !== allowed) {
          tally.findings.push({
            kind: present ? 'leak' : 'wrongful denial',
            who: whoIs(world, user),
            where: `SQL: select from ${table}`,
            what: describeRecord(world, record),
            why: standing(world, user, record, now),
          });
        }
      }
      for (const id of rows) {
        if (!known.has(id)) {
          tally.findings.push({
            kind: 'unexpected row',
            who: whoIs(world, user),
            where: `SQL: select from ${table}`,
            what: id,
            why: 'not a row the test knows of',
          });
        }
      }
    }
  }
}

/** The findings, grouped so that one cause reads as one line with a count and an example. */
export function summarise(findings: Finding[], limit = 40): string {
  const groups = new Map<string, { n: number; example: Finding }>();
  for (const f of findings) {
    const route = f.where.replace(/ \(.*$/, '');
    const recordKind = f.what.split(' ')[0];
    const role = f.who.split(' ')[0];
    const key = `${f.kind} | ${route} | ${recordKind} | ${role}`;
    const g = groups.get(key);
    if (g) g.n += 1;
    else groups.set(key, { n: 1, example: f });
  }
  const lines = [...groups.entries()]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, limit)
    .map(
      ([key, { n, example }]) =>
        `  ${n} × ${key}\n      e.g. ${example.who}: ${example.what} at ${example.where}${example.why ? ` [${example.why}]` : ''}`,
    );
  const more = groups.size > limit ? `\n  … and ${groups.size - limit} more kinds` : '';
  return lines.join('\n') + more;
}

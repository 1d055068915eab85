import type { FastifyPluginAsync } from 'fastify';
import type { CaseAccess } from './access/case-access.js';
import type { Capability, Compartment } from './access/policy.js';
import type { Tx } from './db/request-tx.js';
import type { DemoSeed } from './demo-seed.js';

/**
 * THE MODULE CONTRACT. Each capability folder under src/modules exports one `manifest` (from its
 * index.ts): its routes, its case tabs and navigation entries with what shows them, and its
 * timeline sources. The application (src/app) loops over the manifests to register routes, build
 * the case tabs, the navigation and the timeline, so a new capability touches its own folder, a
 * migration and policy.ts, and nothing else. Platform defines this shape and imports no module.
 */

/** A tab in the case page's sub-navigation. */
export type CaseTab = {
  /** the `caseTab` value the module's pages pass when this tab is the current one */
  key: string;
  label: string;
  /** after /cases/:id; '' is the overview */
  path: string;
  /** position among the tabs, lowest first */
  order: number;
  /** when the tab shows: the user may read a compartment of the case, or a header flag holds */
  shownWhen: { reads: Compartment } | 'always' | 'canWriteCore' | 'canSeeAccessLog';
  /** other `caseTab` values under which this tab is the current one */
  alsoCurrentFor?: readonly string[];
};

/** An entry in the service navigation (the header). */
export type NavigationEntry = {
  /** the `nav` value pages pass when this entry is the current one */
  key: string;
  href: string;
  text: string;
  order: number;
  /** who sees it; absent: every signed-in user */
  capability?: Capability;
  /** hidden from those with this capability (they have their own entry instead) */
  unlessCapability?: Capability;
  /** adds the user's unread notifications count to the text */
  showsUnread?: boolean;
};

/** One dated event on a case's timeline. */
export type TimelineEvent = {
  /** the source's type, e.g. 'incident' */
  type: string;
  id: string;
  at: Date;
  title: string;
  /** who recorded it */
  by: string | null;
  /** the date as the event gives it, when it is more than a moment ("Between … and …") */
  when: string | null;
  lines: string[];
  href: string | null;
};

export type DateRange = { from?: Date | undefined; to?: Date | undefined };

/** A kind of event a module adds to the case timeline. */
export type TimelineSource = {
  type: string;
  /** the filter's label: "Incidents" */
  label: string;
  /** ties at the same moment keep this order (lowest first) */
  order: number;
  /** filtered by overlap of their own dates with the range (not by `at`) */
  rangeByOverlap?: boolean;
  /** whether this user may see this source at all */
  visible(access: CaseAccess): boolean;
  load(tx: Tx, caseId: string, range: DateRange): Promise<TimelineEvent[]>;
};

export type ModuleManifest = {
  /** the folder's name */
  name: string;
  routes: FastifyPluginAsync;
  caseTabs?: readonly CaseTab[];
  navigation?: readonly NavigationEntry[];
  timeline?: readonly TimelineSource[];
  /** its records in the demo (src/platform/demo-seed.ts) */
  demo?: DemoSeed;
};

/** What the app collects from every manifest, for the layout, navigation and timeline. */
export type ModuleRegistry = {
  caseTabs: CaseTab[];
  navigation: NavigationEntry[];
  timeline: TimelineSource[];
};

/** Gathers the manifests' tabs, navigation and timeline sources, each in its order. */
export function registryOf(manifests: readonly ModuleManifest[]): ModuleRegistry {
  const byOrder = <T extends { order: number }>(xs: T[]) => [...xs].sort((a, b) => a.order - b.order);
  return {
    caseTabs: byOrder(manifests.flatMap((m) => m.caseTabs ?? [])),
    navigation: byOrder(manifests.flatMap((m) => m.navigation ?? [])),
    timeline: byOrder(manifests.flatMap((m) => m.timeline ?? [])),
  };
}

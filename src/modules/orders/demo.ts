import type { Role } from '../../platform/auth/users.js';
import { demoCaseVictim, type DemoSeed, type DemoSeedContext } from '../../platform/demo-seed.js';
import { todayInLondon } from '../../platform/time.js';
import * as repo from './repository.js';
import { addDays, hasNotificationRequirements, notificationDueOn, type OrderKind } from './rules.js';
import type { ConditionInput } from './schemas.js';

/**
 * Orders on the demo cases, one of each kind, by the subject's family name; days are counted back
 * from today (never before the case was referred). Fictional. Voss's SPO is varied with the
 * victim's view and breached; Fenwick's licence ends within 28 days; Holt has not notified.
 */
type DemoOrder = {
  key: string;
  kind: OrderKind;
  by: Role;
  issuingBody: string;
  madeDaysAgo: number;
  /** days from today; null: until further order */
  endsInDays: number | null;
  supervisingPractitioner?: string;
  conditions: ConditionInput[];
  otherProtected?: { name: string; relationship: string; contactDetails: string };
  notifiedDaysAfter?: number;
  variation?: { daysAgo: number; add: ConditionInput[]; removeFirst: boolean; victimView: string };
  breaches?: {
    daysAgo: number;
    conditionIndex: number | 'failure_to_notify';
    cameToLight: 'victim' | 'police' | 'probation' | 'electronic_monitoring';
    action: 'warning' | 'arrest' | 'charge' | 'recall' | 'nfa';
    outcome: string;
    description: string;
    linkIncident?: boolean;
  }[];
};

const noContact = (who: string): ConditionInput => ({
  kind: 'prohibition',
  text: `Not to contact ${who} directly or indirectly, by any means`,
  interventionRef: undefined,
});
const zone = (where: string): ConditionInput => ({
  kind: 'prohibition',
  text: `Not to enter the exclusion zone ${where}`,
  interventionRef: undefined,
});

const ORDERS: DemoOrder[] = [
  {
    key: 'Linwood',
    kind: 'pre_charge_bail',
    by: 'investigating_officer',
    issuingBody: 'Hampshire Constabulary (custody sergeant, Southampton Central)',
    madeDaysAgo: 5,
    endsInDays: 23,
    conditions: [noContact('Emma Thornbury'), zone('of Shirley Road, Southampton, marked on the bail map')],
  },
  {
    key: 'Delaney',
    kind: 'court_bail',
    by: 'investigating_officer',
    issuingBody: 'Southampton Magistrates’ Court',
    madeDaysAgo: 15,
    endsInDays: 40,
    conditions: [noContact('Sophie or Jack Rainer'), zone('around Sophie Rainer’s home')],
  },
  {
    key: 'Holt',
    kind: 'interim_spo',
    by: 'stalking_coordinator',
    issuingBody: 'Portsmouth Magistrates’ Court',
    madeDaysAgo: 35,
    endsInDays: 60,
    conditions: [
      noContact('Priya Lang'),
      {
        kind: 'positive_requirement',
        text: 'Attend an assessment with the stalking intervention programme’s health team',
        interventionRef: 'Programme assessment (forensic psychology)',
      },
    ],
  },
  {
    key: 'Voss',
    kind: 'spo',
    by: 'stalking_coordinator',
    issuingBody: 'Portsmouth Magistrates’ Court',
    madeDaysAgo: 60,
    endsInDays: 670,
    notifiedDaysAfter: 1,
    conditions: [
      noContact('Megan Hale'),
      zone('of Fratton station and the 1 and 2 bus routes between 17:00 and 20:00'),
      {
        kind: 'positive_requirement',
        text: 'Attend an assessment of his fixation and its drivers',
        interventionRef: 'Programme assessment, clinical psychology',
      },
    ],
    variation: {
      daysAgo: 20,
      removeFirst: false,
      add: [
        {
          kind: 'positive_requirement',
          text: 'Attend the programme’s 12-session intervention',
          interventionRef: 'Programme intervention: fixation and rumination (12 sessions)',
        },
        {
          kind: 'prohibition',
          text: 'Not to search for or view Megan Hale’s social media accounts',
          interventionRef: undefined,
        },
      ],
      victimView:
        'Megan supports the added conditions. She asked that the exclusion zone stay as it is: the ' +
        'evening bus is her only way home.',
    },
    breaches: [
      {
        daysAgo: 10,
        conditionIndex: 1,
        cameToLight: 'victim',
        action: 'arrest',
        outcome: 'Charged with breach of the SPO; remanded on bail with the SPO conditions.',
        description: 'Seen at Fratton station at 17:40 by Megan, who photographed him; CCTV confirms it.',
        linkIncident: true,
      },
    ],
  },
  {
    key: 'Fenwick',
    kind: 'licence',
    by: 'probation_practitioner',
    issuingBody: 'HM Prison and Probation Service (release on licence)',
    madeDaysAgo: 90,
    endsInDays: 20,
    supervisingPractitioner: 'Jo Marsh, Portsmouth probation delivery unit',
    conditions: [
      noContact('Laura Bexley'),
      zone('covering central Portsmouth (electronically monitored)'),
      { kind: 'prohibition', text: 'To reside at approved premises', interventionRef: undefined },
    ],
    breaches: [
      {
        daysAgo: 30,
        conditionIndex: 1,
        cameToLight: 'electronic_monitoring',
        action: 'warning',
        outcome: 'Final warning given by his probation practitioner.',
        description: 'The tag recorded him inside the exclusion zone for 25 minutes on a Saturday afternoon.',
      },
    ],
  },
  {
    key: 'Carrow',
    kind: 'restraining_acquittal',
    by: 'stalking_coordinator',
    issuingBody: 'Bournemouth Crown Court',
    madeDaysAgo: 40,
    endsInDays: null,
    conditions: [
      noContact('Ruth Penhaligon or her producer'),
      {
        kind: 'prohibition',
        text: 'Not to send anything to the broadcaster’s studio',
        interventionRef: undefined,
      },
    ],
    otherProtected: {
      name: 'Tom Ellery',
      relationship: 'Ruth Penhaligon’s producer',
      contactDetails: 'Through the broadcaster’s security team',
    },
  },
  {
    key: 'Ettridge',
    kind: 'restraining_conviction',
    by: 'stalking_coordinator',
    issuingBody: 'Portsmouth Crown Court',
    madeDaysAgo: 200,
    endsInDays: 530,
    conditions: [
      noContact('Hannah Cole or her children except through solicitors'),
      zone('around the children’s school'),
    ],
    breaches: [
      {
        daysAgo: 185,
        conditionIndex: 1,
        cameToLight: 'police',
        action: 'nfa',
        outcome: 'No further action: he was on the public footpath at the edge of the zone.',
        description: 'Reported by a school staff member; officers attended and spoke to him.',
      },
    ],
  },
  {
    key: 'Ettridge',
    kind: 'community_order',
    by: 'probation_practitioner',
    issuingBody: 'Portsmouth Crown Court',
    madeDaysAgo: 200,
    endsInDays: 10,
    conditions: [
      {
        kind: 'prohibition',
        text: 'Rehabilitation activity requirement: up to 20 days',
        interventionRef: undefined,
      },
      { kind: 'prohibition', text: 'Unpaid work requirement: 120 hours', interventionRef: undefined },
    ],
  },
];

async function seedOrder(ctx: DemoSeedContext, d: DemoOrder) {
  const c = ctx.caseOf(d.key);
  if (d.madeDaysAgo > c.createdDaysAgo) throw new Error(`Demo order for ${d.key} before the case`);
  const tx = ctx.tx;
  const today = todayInLondon();
  const madeOn = addDays(today, -d.madeDaysAgo);
  const userId = ctx.userId(d.by);
  const caseId = c.caseId;
  const orderId = await repo.insertOrder(tx, {
    caseId,
    userId,
    kind: d.kind,
    issuingBody: d.issuingBody,
    reference: null,
    madeOn,
    servedOn: madeOn,
    startsOn: madeOn,
    endsOn: d.endsInDays === null ? null : addDays(today, d.endsInDays),
    untilFurtherOrder: d.endsInDays === null,
    supervisingPractitioner: d.supervisingPractitioner ?? null,
    notes: '',
  });
  const made = await repo.insertEvent(tx, { caseId, orderId, userId, kind: 'made', occurredOn: madeOn });
  await repo.insertEvent(tx, { caseId, orderId, userId, kind: 'served', occurredOn: madeOn });
  const conditionIds = await repo.insertConditions(tx, {
    caseId,
    orderId,
    eventId: made,
    conditions: d.conditions,
  });
  const contactIds = d.otherProtected
    ? [await repo.insertProtectedContact(tx, caseId, ctx.userId('stalking_advocate'), d.otherProtected)]
    : [];
  await repo.insertProtected(tx, { caseId, orderId, caseVictimIds: [demoCaseVictim(c, 0)], contactIds });
  if (hasNotificationRequirements(d.kind)) {
    const id = await repo.insertNotification(tx, {
      caseId,
      orderId,
      userId,
      trigger: 'order',
      triggerOn: madeOn,
      dueOn: notificationDueOn(madeOn),
    });
    if (d.notifiedDaysAfter !== undefined)
      await repo.markNotified(tx, {
        caseId,
        id,
        userId,
        notifiedOn: addDays(madeOn, d.notifiedDaysAfter),
        notes: 'Attended the police station with proof of address.',
      });
  }
  if (d.variation) {
    const on = addDays(today, -d.variation.daysAgo);
    const voice = await tx
      .insertInto('victim_voice')
      .values({
        case_id: caseId,
        case_victim_id: demoCaseVictim(c, 0),
        body: d.variation.victimView,
        sharing: 'summarised',
        topic: 'order_conditions',
        recorded_on: addDays(on, -3),
        author_id: ctx.userId('stalking_advocate'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const varied = await repo.insertEvent(tx, {
      caseId,
      orderId,
      userId,
      kind: 'varied',
      occurredOn: on,
      removedConditionIds: d.variation.removeFirst ? [conditionIds[0]!] : [],
      victimView: d.variation.victimView,
      victimVoiceId: voice.id,
      notes: 'Varied on the police’s application after the assessment.',
    });
    await repo.insertConditions(tx, { caseId, orderId, eventId: varied, conditions: d.variation.add });
  }
  for (const b of d.breaches ?? []) {
    const incident = b.linkIncident
      ? await tx.selectFrom('incident').select('id').where('case_id', '=', caseId).limit(1).executeTakeFirst()
      : undefined;
    await repo.insertBreach(tx, {
      caseId,
      orderId,
      userId,
      conditionId: b.conditionIndex === 'failure_to_notify' ? null : conditionIds[b.conditionIndex]!,
      failureToNotify: b.conditionIndex === 'failure_to_notify',
      occurredOn: addDays(today, -b.daysAgo),
      cameToLight: b.cameToLight,
      incidentIds: incident ? [incident.id] : [],
      action: b.action,
      outcome: b.outcome,
      description: b.description,
    });
  }
}

export const demo: DemoSeed = {
  // after incidents (a breach links to one) and the victims' voice
  order: 80,
  async seed(ctx) {
    for (const d of ORDERS) await seedOrder(ctx, d);
  },
};

/** The words the interface uses for stored codes: one place, British English. */
export const labels = {
  role: {
    stalking_coordinator: 'Police stalking coordinator',
    investigating_officer: 'Investigating officer',
    probation_practitioner: 'Probation practitioner',
    forensic_psychiatrist: 'Forensic psychiatrist',
    clinical_psychologist: 'Clinical psychologist',
    forensic_psychologist: 'Forensic psychologist',
    occupational_therapist: 'Occupational therapist',
    stalking_advocate: 'Stalking advocate',
    site_coordinator: 'Site coordinator',
    national_coordinator: 'National coordinator',
    evaluator: 'Evaluator',
    administrator: 'Administrator',
  },
  status: {
    referred: 'Referred',
    screening: 'Screening',
    accepted: 'Accepted',
    active: 'Active',
    closed: 'Closed',
    declined: 'Declined',
  },
  mode: { consultation: 'Consultation only', intervention: 'Direct intervention' },
  investigation: {
    under_investigation: 'Under police investigation',
    charged: 'Charged',
    convicted: 'Convicted',
    no_further_action: 'No further action',
  },
  offence: {
    pha_s2a: 'Stalking (PHA 1997 s2A)',
    pha_s4a: 'Stalking involving fear of violence or serious alarm or distress (PHA 1997 s4A)',
    pha_s2: 'Harassment (PHA 1997 s2)',
    pha_s4: 'Putting people in fear of violence (PHA 1997 s4)',
    other: 'Other offence',
  },
  relationship: {
    ex_intimate: 'Ex-intimate partner',
    acquaintance: 'Acquaintance',
    stranger: 'Stranger',
    work: 'Work relationship',
    family: 'Family member',
    public_figure: 'Public figure',
  },
  consent: {
    given: 'Consent given',
    refused: 'Consent refused',
    not_sought: 'Consent not sought',
  },
  agencyKind: {
    police: 'Police',
    probation: 'Probation',
    health: 'Health (NHS)',
    victim_service: 'Victim service',
    programme: 'Programme',
  },
} as const;

export const statusTagClass: Record<string, string> = {
  referred: 'govuk-tag--blue',
  screening: 'govuk-tag--purple',
  accepted: 'govuk-tag--turquoise',
  active: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  declined: 'govuk-tag--red',
};

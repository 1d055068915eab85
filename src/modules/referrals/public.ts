/** What this module offers other modules (they never import its repository). */
export { visiblePerson } from './repository.js';
/** The person form (names, date of birth, identifiers) as the referral asks it, for corrections too. */
export { parsePersonForm, personFormValues } from './forms.js';
export { personSchema } from './schemas.js';

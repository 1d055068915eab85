// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { startSessionTimeoutWarning } from '/public/js/session-timeout.js';

initAll();
startSessionTimeoutWarning();

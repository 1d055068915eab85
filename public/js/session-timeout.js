// Warns five minutes before an idle session ends, and offers to stay signed in.
export function startSessionTimeoutWarning() {
  const marker = document.getElementById('session-timeout');
  if (!marker) return;
  const idleMs = Number(marker.dataset.idleMinutes) * 60_000;
  const warnMs = Math.max(idleMs - 5 * 60_000, idleMs / 2);
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(showWarning, warnMs);
    endTimer = setTimeout(() => window.location.assign('/sign-in?timeout=1'), idleMs);
  };
  const showWarning = () => {
    const banner = document.createElement('div');
    banner.className = 'govuk-notification-banner recolo-timeout-banner';
    banner.setAttribute('role', 'alert');
    banner.innerHTML =
      '<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title">Important</h2></div>' +
      '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">' +
      'You will be signed out in 5 minutes because you have not done anything.</p>' +
      '<button type="button" class="govuk-button govuk-!-margin-bottom-0">Stay signed in</button></div>';
    banner.querySelector('button').addEventListener('click', async () => {
      await fetch('/session/keep-alive', { method: 'GET', credentials: 'same-origin' });
      banner.remove();
      schedule();
    });
    document.querySelector('main')?.prepend(banner);
  };
  schedule();
}

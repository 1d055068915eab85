// Progressive enhancement only: without JavaScript the diary form posts as any form does.
// With it, the upload goes through XMLHttpRequest so the page can say how far a large file has got.

const form = document.querySelector('form[data-diary-upload]');
const status = document.getElementById('upload-progress');

if (form && status && window.XMLHttpRequest && window.FormData) {
  let sending = false;

  form.addEventListener('submit', (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    const input = form.querySelector('input[type="file"]');
    // nothing chosen: let the server say so, as it does without JavaScript
    if (!input || !input.files || !input.files.length) return;
    event.preventDefault();
    sending = true;
    const button = form.querySelector('button');
    if (button) {
      button.setAttribute('disabled', 'disabled');
      button.setAttribute('aria-disabled', 'true');
      button.classList.add('govuk-button--disabled');
    }
    const say = (text) => {
      status.hidden = false;
      status.textContent = text;
    };
    say('Uploading the diary: 0%');

    const request = new window.XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.min(100, Math.round((e.loaded / e.total) * 100));
      say(percent < 100 ? `Uploading the diary: ${percent}%` : 'Uploaded. Checking every row…');
    });
    request.upload.addEventListener('load', () => say('Uploaded. Checking every row…'));
    request.addEventListener('load', () => {
      // the server answers a good upload by redirecting to the preview, which the request followed
      if (
        request.status === 200 &&
        /\/incidents\/import\/preview$/.test(new URL(request.responseURL).pathname)
      ) {
        say('Checked. Opening the preview…');
        window.location.assign(request.responseURL);
        return;
      }
      // anything else (a file that could not be read, a session that ended): post the form the
      // ordinary way, so the server's own page with its error messages is shown
      say('Sending the form again…');
      sending = true;
      window.HTMLFormElement.prototype.submit.call(form);
    });
    request.addEventListener('error', () => {
      say('The upload failed. Sending the form the ordinary way…');
      window.HTMLFormElement.prototype.submit.call(form);
    });
    request.send(new window.FormData(form));
  });
}

// Progressive enhancement of the vote form: vote with fetch('api/vote') and mark the choice without a reload.
// Without JavaScript, or when the request cannot be made at all, the form posts to / as usual. Both URLs start at the
// form's action, the service's root under whatever path prefix the page was served with (/ or /vote/, say).
(function () {
  'use strict';

  var form = document.getElementById('vote-form');
  var status = document.getElementById('vote-status');
  if (!form || !status || !window.fetch || !window.JSON) {
    return;
  }

  function labelOf(vote) {
    var button = form.querySelector('button[value="' + vote + '"] .option-label');
    return button ? button.textContent : vote;
  }

  function mark(vote) {
    form.setAttribute('data-choice', vote);
    var buttons = form.querySelectorAll('button[name="vote"]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', buttons[i].value === vote ? 'true' : 'false');
    }
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', !!isError);
  }

  function postWithoutScript(vote) {
    // the plain form post, with the value the clicked button would have sent
    var field = document.createElement('input');
    field.type = 'hidden';
    field.name = 'vote';
    field.value = vote;
    form.appendChild(field);
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (!button || button.name !== 'vote') {
      return;
    }
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') {
      return;
    }
    var vote = button.value;
    form.setAttribute('aria-busy', 'true');

    fetch(form.getAttribute('action') + 'api/vote', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ vote: vote })
    }).then(function (response) {
      form.removeAttribute('aria-busy');
      if (response.ok) {
        mark(vote);
        say('You voted for ' + labelOf(vote) + '.', false);
        return;
      }
      return response.json().then(function (problem) {
        say((problem && problem.detail) || 'Your vote could not be recorded. Please try again.', true);
      }, function () {
        say('Your vote could not be recorded. Please try again.', true);
      });
    }, function () {
      // no answer at all (network error, blocked request): fall back to the ordinary form post
      form.removeAttribute('aria-busy');
      postWithoutScript(vote);
    });
  });
}());

// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add('js');

// A select marked data-autosubmit sends its form when changed (the language switch).
for (const el of document.querySelectorAll('select[data-autosubmit]')) {
  el.addEventListener('change', () => el.form?.requestSubmit());
}

// Forms whose button carries data-confirm ask first; a sent form disables its buttons against double posts.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const submitter = event.submitter;
  const question = submitter?.dataset.confirm ?? form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (form.method.toLowerCase() === 'post') {
    // After the browser has read the form (a task later, not a microtask): a disabled submitter would drop its
    // name=value from the post (the quote editor's and the approval's buttons say what to do by their value).
    setTimeout(() => {
      for (const b of form.querySelectorAll('button[type=submit]')) b.disabled = true;
    }, 0);
  }
});

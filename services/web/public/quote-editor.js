// Live totals of the quote editor: after typing stops, the form goes to the app's preview route, which asks the
// API's pricing engine; the answer (an HTML fragment) replaces the totals. Nothing is computed here.
const form = document.getElementById('quote-editor');
const target = document.getElementById('quote-totals');
if (form && target && form.dataset.preview) {
  let timer = 0;
  let seq = 0;
  const refresh = async () => {
    const mine = ++seq;
    const body = new URLSearchParams(new FormData(form));
    body.set('op', 'preview');
    const res = await fetch(form.dataset.preview, { method: 'POST', body, headers: { accept: 'text/html' }, credentials: 'same-origin' });
    if (!res.ok || mine !== seq) return;
    target.innerHTML = await res.text();
    target.dataset.updated = String(mine);
  };
  form.addEventListener('input', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.type === 'search') return;
    clearTimeout(timer);
    timer = setTimeout(() => void refresh().catch(() => {}), 300);
  });
}

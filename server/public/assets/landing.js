// Minimal landing page of the platform foundation: sign in, see the district's streets, watch live events.
const state = { lang: localStorage.getItem('cy-lang') || 'zh-CN', messages: {} };

async function loadMessages() {
  state.messages = await (await fetch(`/api/i18n/${state.lang}`)).json();
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = state.messages.landing[el.dataset.i18n];
  document.getElementById('lang').textContent = state.lang === 'zh-CN' ? 'English' : '中文';
}

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', 'x-locale': state.lang, ...(init.headers || {}) } });
  const body = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(body?.error?.message || res.statusText);
  return body;
}

async function showDistrict() {
  const me = await api('/api/auth/me');
  const district = await api('/api/units/500103').catch(() => null);
  const streets = await api('/api/units?kind=street&limit=50');
  document.getElementById('who').textContent = me.displayName;
  document.getElementById('district-name').textContent = district ? district.name : '';
  const tbody = document.getElementById('streets');
  tbody.replaceChildren(...streets.items.map((s) => {
    const tr = document.createElement('tr');
    for (const v of [s.code, state.lang === 'en' ? s.nameEn : s.name, s.population ?? '']) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    tr.dataset.code = s.code;
    return tr;
  }));
  document.getElementById('login-section').hidden = true;
  document.getElementById('district').hidden = false;
  const stream = new EventSource('/api/stream');
  const onEvent = (e) => {
    const ev = JSON.parse(e.data);
    const li = document.createElement('li');
    li.textContent = `#${ev.seq} ${ev.type} ${ev.subjectId ?? ''} ${JSON.stringify(ev.payload)}`;
    document.getElementById('feed').prepend(li);
  };
  stream.addEventListener('unit.updated', onEvent);
  stream.addEventListener('user.created', onEvent);
  stream.addEventListener('user.updated', onEvent);
}

document.getElementById('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  try {
    await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: form.get('username'), password: form.get('password') }) });
    await showDistrict();
  } catch (err) {
    document.getElementById('login-error').textContent = err.message;
  }
});

document.getElementById('lang').addEventListener('click', async () => {
  state.lang = state.lang === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem('cy-lang', state.lang);
  await loadMessages();
});

await loadMessages();
showDistrict().catch(() => {});

// The demo page: a business app with the bell in its header, a user switcher and a composer with
// the seed document's examples as presets. Demo users and their tokens come from users.json, which
// scripts/demo writes (a real app gets its token from its own sign-in).
(async () => {
  // appnotify.js is loaded async: it calls what is queued once it has run (at once if it has).
  const loaded = new Promise((resolve) => (window.AppNotifyQueue ??= []).push(resolve));
  const users = await (await fetch('users.json')).json();
  const AppNotify = await loaded;
  const params = new URLSearchParams(location.search);
  const me = users.find((u) => u.key === params.get('user')) ?? users[0];
  const sender = users.find((u) => u.canSend) ?? me;
  const baseUrl = `${location.origin}/api/data/v9.2`;

  const userSelect = document.getElementById('user');
  for (const user of users) userSelect.add(new Option(user.name, user.key, false, user.key === me.key));
  userSelect.onchange = () => {
    params.set('user', userSelect.value);
    location.search = params.toString();
  };
  document.getElementById('page-info').textContent = `Page: ${location.search || '(home)'}`;

  AppNotify.createNotificationCenter({
    baseUrl,
    getToken: () => me.token,
    mount: document.getElementById('bell-slot'),
    appBase: location.href,
    theme: params.get('theme') ?? 'system',
  });
  await AppNotify.ready();
  // Sends as the sender user, who may notify anyone.
  AppNotify.Xrm.configure({ baseUrl, getToken: () => sender.token });
  document.getElementById('sender-name').textContent = sender.name;

  const recipient = document.getElementById('recipient');
  for (const user of users) recipient.add(new Option(user.name, user.id, false, user.key === me.key));

  const seedBody =
    'Case record [Complete overhaul required (sample)](?pagetype=entityrecord&etn=incident&id=b1f670b2-6567-eb11-bb2b-000d3ac2be4d) assigned to you is **critically** past SLA and has been escalated to your manager.';
  const presets = {
    'Welcome (basic)': {
      title: 'Welcome',
      body: 'Welcome to the world of app notifications!',
      icontype: 100000000,
      toasttype: 200000000,
    },
    'One action': {
      title: 'Congratulations!',
      body: 'Your customer rating is now an A. You resolved 80% of your cases within SLA this week and average customer rating was A+.',
      icontype: 100000001,
      data: {
        actions: [
          {
            title: 'View Cases',
            data: {
              url: '?pagetype=entitylist&etn=incident&viewid=bad2fbea-2673-df11-986c-00155d2e3002&viewType=1039',
            },
          },
        ],
      },
    },
    'Multiple actions as dialogs': {
      title: 'Upcoming Service Reminder',
      body: '',
      icontype: 100000005,
      data: {
        body: 'Coho Winery has a service appointment coming up on 4/1/2021. Call **[Jim Glynn](?pagetype=entityrecord&etn=contact&id=03f770b2-6567-eb11-bb2b-000d3ac2be4d)** to confirm the appointment.',
        iconUrl: 'favicon.svg',
        actions: [
          {
            title: 'Coho Winery',
            data: {
              url: '?pagetype=entityrecord&etn=account&id=9df670b2-6567-eb11-bb2b-000d3ac2be4d',
              navigationTarget: 'dialog',
            },
          },
          {
            title: 'Service Appointment',
            data: {
              url: '?pagetype=entityrecord&etn=appointment&id=03f770b2-6567-eb11-bb2b-000d3ac2be4d',
              navigationTarget: 'dialog',
            },
          },
        ],
      },
    },
    'Custom body (SLA critical)': {
      title: 'SLA critical',
      body: 'Case record assigned to you is critically past SLA',
      icontype: 100000002,
      data: { body: seedBody },
    },
    'Mention, high priority': {
      title: 'Complete overhaul required (sample)',
      body: 'Maria Campbell mentioned you in a post',
      icontype: 100000004,
      priority: 200000001,
      data: {
        title:
          '[Complete overhaul required (sample)](?pagetype=entityrecord&etn=incident&id=b1f670b2-6567-eb11-bb2b-000d3ac2be4d)',
        body: '[Maria Campbell](?pagetype=entityrecord&etn=contact&id=f7f670b2-6567-eb11-bb2b-000d3ac2be4d) mentioned you in a post: _"**[@Paul](?pagetype=entityrecord&etn=contact&id=fff670b2-6567-eb11-bb2b-000d3ac2be4d)** we need to prioritize this overdue case."_',
        actions: [
          {
            title: 'View record',
            data: { url: '?pagetype=entityrecord&etn=incident&id=b1f670b2-6567-eb11-bb2b-000d3ac2be4d' },
          },
        ],
      },
    },
    'Open Bing in a new tab': {
      title: 'Open Bing',
      data: { actions: [{ title: 'Open Bing', data: { url: 'https://bing.com', navigationTarget: 'newWindow' } }] },
    },
    'Hidden (center only)': { title: 'Quiet update', body: 'This one never toasts.', toasttype: 200000001 },
    'Custom icon as the seed wrote it (defective)': {
      title: 'Welcome',
      body: 'Welcome to the world of app notifications!',
      icontype: 100000005,
      data: "{ 'data': { 'iconUrl': '/WebResources/cr245_AlertOn' } }",
    },
  };
  const form = document.getElementById('form');
  const presetSelect = document.getElementById('preset');
  for (const name of Object.keys(presets)) presetSelect.add(new Option(name, name));
  const fill = (preset) => {
    form.title.value = preset.title ?? '';
    form.body.value = preset.body ?? '';
    form.icontype.value = String(preset.icontype ?? 100000000);
    form.toasttype.value = String(preset.toasttype ?? 200000000);
    form.priority.value = String(preset.priority ?? 200000000);
    form.ttlinseconds.value = '';
    form.data.value =
      preset.data === undefined
        ? ''
        : typeof preset.data === 'string'
          ? preset.data
          : JSON.stringify(preset.data, null, 2);
    check();
  };
  presetSelect.onchange = () => fill(presets[presetSelect.value]);

  const payload = () => {
    const record = {
      title: form.title.value,
      owner: recipient.value,
      icontype: Number(form.icontype.value),
      toasttype: Number(form.toasttype.value),
      priority: Number(form.priority.value),
    };
    if (form.body.value !== '') record.body = form.body.value;
    if (form.ttlinseconds.value !== '') record.ttlinseconds = Number(form.ttlinseconds.value);
    if (form.data.value.trim() !== '') {
      try {
        record.data = JSON.stringify(JSON.parse(form.data.value));
      } catch {
        record.data = form.data.value; // sent as typed: the validator says what is wrong with it
      }
    }
    return record;
  };
  const problems = document.getElementById('problems');
  function check() {
    const result = AppNotify.validateNotification(payload());
    const lines = [...result.errors, ...result.warnings].map((p) => `${p.path || '(payload)'}: ${p.message}`);
    problems.textContent = lines.join('\n');
    problems.className = result.ok ? 'warn' : '';
    return result;
  }
  form.addEventListener('input', check);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const sent = document.getElementById('sent');
    try {
      const { id } = await AppNotify.Xrm.WebApi.createRecord('appnotification', payload());
      sent.textContent = `Sent (${id}).`;
    } catch (error) {
      sent.textContent = `Not sent: ${error.message}`;
    }
  });
  fill(presets['Welcome (basic)']);
})();

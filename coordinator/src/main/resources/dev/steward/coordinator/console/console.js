// Steward console: renders the server's snapshot (pushed over server-sent events) as text only.
// No innerHTML with data anywhere: every value goes through textContent (el/text below).
'use strict';
(function () {
  const PAGES = { '/': 'overview', '/brokers': 'brokers', '/topics': 'topics', '/groups': 'groups',
    '/connect': 'connect', '/rollouts': 'rollouts' };
  const page = PAGES[location.pathname] || 'overview';
  const main = document.getElementById('main');
  let rendered = false;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v; else node.setAttribute(k, String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function table(headers, rows, attrs) {
    return el('table', attrs, el('thead', {}, el('tr', {}, ...headers.map(h => el('th', {}, h)))),
      el('tbody', {}, ...rows));
  }
  function row(attrs, ...cells) {
    return el('tr', attrs, ...cells.map(c => c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c)));
  }
  function num(value, attrs) { return el('td', Object.assign({ class: 'num' }, attrs || {}), value === null || value === undefined ? '-' : value); }
  function bytes(n) {
    if (n === null || n === undefined) return '-';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0; let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
  }
  function flag(good, yes, no) { return el('span', { class: good ? 'ok' : 'bad' }, good ? yes : no); }
  function card(label, value, good, id) {
    return el('div', { class: 'card', id: id }, el('div', { class: 'muted' }, label),
      el('div', { class: 'value ' + (good ? 'ok' : 'bad') }, value));
  }

  // ----- pages -----
  function overview(d) {
    const s = d.status; const c = s.cluster; const k = c.kafka; const zk = c.zookeeper;
    const workers = (c.connect && c.connect.workers) || [];
    const out = [el('h2', {}, 'Cluster ', c.name)];
    out.push(el('div', { class: 'cards' },
      card('health', c.healthy ? 'healthy' : 'UNHEALTHY', c.healthy, 'card-health'),
      card('ZooKeeper', zk.quorum ? (zk.synced ? 'quorum, synced' : 'quorum, NOT synced') : 'NO QUORUM', zk.quorum && zk.synced, 'card-zookeeper'),
      card('ZooKeeper leader', zk.leader || '-', !!zk.leader, 'card-leader'),
      card('controller', k.controller === null ? '-' : 'broker ' + k.controller, k.controller !== null, 'card-controller'),
      card('brokers registered', k.brokers.length + ' of ' + k.expectedBrokers.length, k.brokers.length === k.expectedBrokers.length, 'card-brokers'),
      card('under-replicated', k.underReplicatedPartitions === null ? '?' : k.underReplicatedPartitions, k.underReplicatedPartitions === 0, 'card-urp'),
      card('offline', k.offlinePartitions === null ? '?' : k.offlinePartitions, k.offlinePartitions === 0, 'card-offline')));
    if (k.error) out.push(el('p', { class: 'bad' }, 'Kafka: ', k.error));
    out.push(el('h2', {}, 'Hosts and services'));
    out.push(table(['host', 'address', 'agent', 'ZooKeeper', 'Kafka broker', 'Connect worker', 'memory free'],
      s.hosts.map(h => {
        const b = h.kafka;
        let broker = '-'; let cls = '';
        if (b) {
          const up = b.registered && b.process !== 'down';
          // one state for the label and data-broker-state: a broker not registered serves nobody,
          // whatever its process is doing (stopping, or not started yet)
          broker = (b.process === 'down' ? 'DOWN' : (b.registered ? 'up' : 'DOWN: not registered')) + ' (id ' + b.brokerId + ')';
          cls = up ? 'ok' : 'bad';
        }
        const w = workers.find(x => x.host === h.name);
        return row({ 'data-host': h.name }, h.name, h.address, flag(h.agent === 'up', 'up', 'DOWN'),
          h.zookeeper ? el('span', { class: /leader|follower/.test(h.zookeeper.mode) ? 'ok' : 'bad' }, h.zookeeper.mode) : '-',
          el('td', { class: 'broker ' + cls, 'data-broker-state': b ? (cls === 'ok' ? 'up' : 'down') : 'none' }, broker),
          w ? flag(w.up, 'up', 'DOWN') : '-',
          h.memory ? bytes(h.memory.availableBytes) + ' of ' + bytes(h.memory.totalBytes) : '-');
      }), { id: 'hosts' }));
    out.push(el('h2', {}, 'Alerts (', s.alerts.length, ')'));
    out.push(s.alerts.length === 0 ? el('p', { class: 'ok', id: 'no-alerts' }, 'No alerts.')
      : table(['severity', 'kind', 'subject', 'message'], s.alerts.map(a =>
        row({ 'data-kind': a.kind }, el('span', { class: a.severity === 'critical' ? 'bad' : 'warn' }, a.severity), a.kind, a.subject, a.message)), { id: 'alerts' }));
    return out;
  }

  function brokers(d) {
    return [el('h2', {}, 'Brokers'), table(['id', 'host', 'state', 'controller', 'partitions', 'leaders', 'data dirs (agent: used / free / total)', 'log dirs (Kafka bytes)'],
      d.brokers.map(b => row({ 'data-broker': b.id }, b.id, b.host,
        el('span', { class: b.down || !b.registered ? 'bad' : 'ok' }, b.state), b.controller ? 'yes' : '',
        num(b.partitions, { 'data-field': 'partitions' }), num(b.leaders, { 'data-field': 'leaders' }),
        el('div', {}, ...b.disks.map(x => el('div', {}, x.path, ': ', bytes(x.usedBytes), ' / ', bytes(x.usableBytes), ' / ', bytes(x.totalBytes)))),
        el('div', {}, ...b.logDirs.map(x => el('div', {}, x.path, ': ', bytes(x.kafkaBytes)))))), { id: 'brokers' })];
  }

  function topics(d) {
    return [el('h2', {}, 'Topics (', d.topics.length, ')'), table(['topic', 'partitions', 'replication', 'under-replicated', 'size', 'configs', 'partitions: leader, replicas, ISR'],
      d.topics.map(t => row({ 'data-topic': t.name }, t.name, num(t.partitions, { 'data-field': 'partitions' }),
        num(t.replicationFactor, { 'data-field': 'replication' }),
        el('td', { class: 'num ' + (t.underReplicated ? 'bad' : ''), 'data-field': 'urp' }, t.underReplicated),
        num(bytes(t.sizeBytes)),
        el('div', {}, ...Object.entries(t.configs).map(([k, v]) => el('div', {}, k, '=', v))),
        el('div', { class: 'muted' }, ...t.partitionList.map(p => el('div', {}, p.partition, ': leader ', p.leader,
          ', replicas ', p.replicas.join(','), ', isr ', p.isr.join(',')))))), { id: 'topics' })];
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  // The lag chart: total lag of the group over the last minutes, as a polyline.
  function chart(points) {
    const w = 360, h = 90, pad = 24;
    const root = svg('svg', { class: 'chart', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h });
    if (points.length === 0) return root;
    const t0 = points[0][0], t1 = points[points.length - 1][0];
    const max = Math.max(1, ...points.map(p => p[1]));
    const x = t => pad + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * (w - 2 * pad);
    const y = v => h - pad / 2 - (v / max) * (h - pad);
    root.appendChild(svg('polyline', { points: points.map(p => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ') }));
    root.appendChild(svg('text', { x: 2, y: 10 }, max));
    root.appendChild(svg('text', { x: 2, y: h - 2 }, '0'));
    root.appendChild(svg('text', { x: w - 60, y: h - 2 }, Math.round((t1 - t0) / 1000) + ' s'));
    return root;
  }

  function groups(d) {
    const out = [el('h2', {}, 'Consumer groups (', d.groups.length, ')')];
    for (const g of d.groups) {
      out.push(el('section', { 'data-group': g.group },
        el('h2', {}, g.group, ' ', el('span', { class: 'muted' }, g.state, ', ', g.members, ' member(s), total lag '),
          el('span', { class: g.totalLag > 0 ? 'warn' : 'ok', 'data-field': 'total-lag' }, g.totalLag)),
        chart(g.history),
        table(['topic', 'partition', 'committed', 'log end', 'lag', 'owner'], g.partitions.map(p =>
          row({ 'data-partition': p.topic + '-' + p.partition }, p.topic, num(p.partition), num(p.committed), num(p.logEnd),
            num(p.lag, { 'data-field': 'lag' }), p.owner)))));
    }
    return out;
  }

  function connect(d) {
    const c = d.status.cluster.connect;
    if (!c) return [el('p', { class: 'muted' }, 'This cluster runs no Kafka Connect worker.')];
    const out = [el('h2', {}, 'Workers'), table(['host', 'url', 'state', 'version', 'problem'],
      c.workers.map(w => row({ 'data-worker': w.host }, w.host, w.url, flag(w.up, 'up', 'DOWN'), w.version || '-', w.problem || '')), { id: 'workers' })];
    out.push(el('h2', {}, 'Connectors (', c.connectors.length, ')'));
    out.push(c.connectors.length === 0 ? el('p', { class: 'muted', id: 'no-connectors' }, 'No connectors.')
      : table(['connector', 'type', 'state', 'worker', 'tasks', 'actions'], c.connectors.map(x =>
        row({ 'data-connector': x.name }, x.name, x.type, flag(x.state === 'RUNNING', x.state, x.state), x.worker,
          el('div', {}, ...x.tasks.map(t => el('div', {}, 'task ', t.id, ': ', t.state, ' on ', t.worker))),
          d.meta.actionsAllowed ? el('div', {}, ...['pause', 'resume', 'restart'].map(v =>
            actionButton(v, v + ' connector ' + x.name + '?', '/api/actions/connectors/' + encodeURIComponent(x.name) + '/' + v, {}))) : '-')), { id: 'connectors' }));
    const slots = d.status.replicationSlots || [];
    if (slots.length > 0) {
      out.push(el('h2', {}, 'Debezium replication slots'));
      out.push(table(['connector', 'slot', 'active', 'WAL held'], slots.map(s =>
        row({}, s.connector, s.slot, s.active ? 'yes' : 'NO', bytes(s.retainedWalBytes)))));
    }
    return out;
  }

  function rollouts(d) {
    const r = d.rollouts; const out = [];
    out.push(el('h2', {}, 'Current or last rollout'));
    if (!r.last) out.push(el('p', { class: 'muted', id: 'no-rollout' }, 'No rollout yet.'));
    else {
      const l = r.last; const done = l.steps.filter(s => s.status === 'done').length;
      out.push(el('p', { id: 'rollout-last', 'data-status': l.status }, l.kind, ' ', l.id, ': ',
        el('span', { class: l.status === 'halted' ? 'bad' : (l.status === 'running' ? 'warn' : 'ok') }, l.status),
        ', ', done, ' of ', l.steps.length, ' steps done', l.haltReason ? ' (' + l.haltReason + ')' : ''));
      out.push(el('progress', { max: Math.max(1, l.steps.length), value: done }));
      out.push(table(['service', 'host', 'step', 'why'], l.steps.map(s => row({}, s.service, s.host, s.status, s.why || ''))));
      if (l.lock) out.push(el('p', { class: 'muted' }, 'lock held by ', JSON.stringify(l.lock)));
    }
    out.push(el('h2', {}, 'History'));
    out.push(table(['id', 'kind', 'status', 'steps', 'started', 'took'], r.history.map(h =>
      row({}, h.id, h.kind, h.status, h.steps.length, new Date(h.createdAtMillis).toISOString(),
        Math.round(h.time.totalMillis / 1000) + ' s')), { id: 'history' }));
    if (d.meta.actionsAllowed && !document.getElementById('rr-form')) {
      // built once, outside the re-rendered part, so a choice survives the next snapshot
      const service = el('select', { id: 'rr-service' }, ...['all', 'zookeeper', 'kafka', 'kafka-connect'].map(s => el('option', { value: s }, s)));
      const hosts = el('input', { id: 'rr-hosts', placeholder: 'hosts (comma-separated; empty: all)' });
      document.getElementById('actions').appendChild(el('div', { id: 'rr-form' }, el('h2', {}, 'Start a rolling restart'),
        service, ' ', hosts, ' ', actionButton('rolling restart', null, '/api/actions/rolling-restart',
          () => ({ service: service.value, hosts: hosts.value }))));
    }
    return out;
  }

  function actionButton(label, question, url, fields) {
    const b = el('button', { type: 'button' }, label);
    b.addEventListener('click', () => {
      const extra = typeof fields === 'function' ? fields() : fields;
      if (!window.confirm(question || (label + ' ' + JSON.stringify(extra) + '?'))) return;
      const body = new URLSearchParams(Object.assign({ confirm: 'yes' }, extra));
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(r => r.text().then(t => { document.getElementById('action-result').textContent = r.status + ': ' + t; }));
    });
    return b;
  }

  const RENDER = { overview, brokers, topics, groups, connect, rollouts };

  function render(d) {
    document.getElementById('cluster').textContent = d.status.cluster.name;
    const nodes = RENDER[page](d);
    if (d.meta.problems.length > 0) nodes.push(el('p', { class: 'warn' }, 'Not read this time: ', d.meta.problems.join('; ')));
    nodes.push(el('p', { class: 'muted' }, 'snapshot ', d.meta.takenAt, ' (collected in ', d.meta.collectMillis, ' ms)'));
    main.replaceChildren(...nodes);
    document.body.dataset.snapshotAt = d.meta.takenAtMillis;
    if (!rendered) {
      rendered = true;
      document.body.dataset.usableMs = performance.now().toFixed(0);
    }
  }

  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.page === page) a.classList.add('current');
  }
  const live = document.getElementById('live');
  const events = new EventSource('/events');
  events.addEventListener('snapshot', e => {
    render(JSON.parse(e.data));
    live.textContent = 'live';
    live.className = '';
  });
  events.onerror = () => { live.textContent = 'reconnecting'; live.className = 'stale'; };
}());
